"""Appeals against a suspension: the player asks, a moderator or admin reads their gold record and decides.

A reinstated player is not suspended again by the consensus or gold rules in that campaign (a person looked at
the evidence); the soft penalty on their vote's weight still follows their answers. Each step is one
transaction and tells the player the outcome through the notice outbox.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.consensus_tables import CampaignWorker
from core.db.results import stored_id
from core.db.tables import Assignment, Campaign, Identity, Item
from core.errors import NoAppeal, NotSuspended
from core.game import notices
from core.game.admin import campaigns
from core.game.admin.authz import authorize
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.game.players import lookup
from core.sentences import N_
from core.types import AppealFacts, NoticeKind, UserRef


async def appeal(deps: GameDeps, user: UserRef, campaign_id: int) -> AppealFacts:
    """Ask for a review of the player's suspension from `campaign_id`; asking twice changes nothing."""

    async def work(session: AsyncSession) -> AppealFacts:
        account = await session.run_sync(lambda s: lookup(s, user))
        worker = None
        if account is not None:
            worker = await session.get(CampaignWorker, (campaign_id, account.id))
        if worker is None or not worker.suspended:
            raise NotSuspended()
        if worker.appealed_at is None:
            worker.appealed_at = deps.clock.now()
        return await _facts(session, worker, "pending")

    return await deps.db.transaction(work)


async def pending(deps: GameDeps, reviewer: UserRef, ref: CampaignRef) -> list[AppealFacts]:
    """The campaign's appeals waiting for a decision, oldest first, each with the player's gold record."""

    async def work(session: AsyncSession) -> list[AppealFacts]:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, reviewer, campaign.community_id, N_("review appeals"))
        waiting = await session.scalars(
            select(CampaignWorker)
            .where(col(CampaignWorker.campaign_id) == campaign.id, col(CampaignWorker.appealed_at).is_not(None))
            .order_by(col(CampaignWorker.appealed_at))
        )
        return [await _facts(session, worker, "pending") for worker in waiting]

    return await deps.db.transaction(work)


async def decide(deps: GameDeps, reviewer: UserRef, ref: CampaignRef, account_id: int, reinstate: bool) -> AppealFacts:
    """Reinstate the player (their answers count again and they are served again) or uphold the suspension."""

    async def work(session: AsyncSession) -> AppealFacts:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, reviewer, campaign.community_id, N_("review appeals"))
        worker = await session.get(CampaignWorker, (campaign.id, account_id), with_for_update=True)
        if worker is None or worker.appealed_at is None:
            raise NoAppeal()
        facts = await _facts(session, worker, "reinstated" if reinstate else "upheld")
        values: dict[str, Any] = {"appealed_at": None}
        if reinstate:
            values.update(suspended=False, reinstated=True, reason="")
        await session.execute(
            update(CampaignWorker)
            .where(and_(col(CampaignWorker.campaign_id) == campaign.id, col(CampaignWorker.account_id) == account_id))
            .values(**values)
        )
        note: notices.Facts = {"campaign": campaign.name, "campaign_id": stored_id(campaign), "outcome": facts.status}
        await notices.queue(session, account_id, NoticeKind.APPEAL_DECIDED, note, deps.clock.now())
        return facts

    result = await deps.db.transaction(work)
    deps.campaigns.invalidate()  # serving in this process sees the reinstatement at once
    return result


async def _facts(session: AsyncSession, worker: CampaignWorker, status: str) -> AppealFacts:
    name = await session.scalar(select(col(Campaign.name)).where(col(Campaign.id) == worker.campaign_id))
    player = await session.scalar(
        select(col(Identity.display_name))
        .where(col(Identity.account_id) == worker.account_id)
        .order_by(col(Identity.platform), col(Identity.external_id))
        .limit(1)
    )
    right, total = (
        await session.execute(
            select(
                func.coalesce(func.sum((col(Assignment.choice) == col(Item.known_answer)).cast(Integer)), 0),
                func.count(),
            )
            .join(Item, col(Item.id) == col(Assignment.item_id))
            .where(
                col(Item.campaign_id) == worker.campaign_id,
                col(Item.gold).is_(True),
                col(Assignment.account_id) == worker.account_id,
                col(Assignment.answered_at).is_not(None),
            )
        )
    ).one()
    return AppealFacts(
        worker.campaign_id, name or "", worker.account_id, player or "", worker.reason, int(right), int(total), status
    )
