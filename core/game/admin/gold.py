"""Managing a running campaign's gold: retire a gold item, or correct its known answer.

A wrong gold item marks honest players down; either change rescores the item's past answers and rebuilds the
recent-gold record of everyone who answered it, in the same transaction. (A promotion or demotion already
granted stays: levels move only forward from the record as it now stands.)
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Account, Assignment, Item
from core.errors import InvalidCampaign, WrongStatus
from core.game import tasks
from core.game.admin import campaigns
from core.game.admin.authz import actor, authorize
from core.game.admin.campaigns import CampaignRef
from core.game.admin.manage import invalidate
from core.game.deps import GameDeps
from core.sentences import N_
from core.types import CampaignStatus, GoldChange, UserRef

RETIRED = "retired"


async def retire(deps: GameDeps, user: UserRef, ref: CampaignRef, external_id: str) -> GoldChange:
    """The item is no longer served, and its past answers no longer count for or against anyone."""
    return await _change(deps, user, ref, external_id, None)


async def correct(deps: GameDeps, user: UserRef, ref: CampaignRef, external_id: str, answer: str) -> GoldChange:
    """The item's known answer becomes `answer`; its past answers are rescored against it."""
    return await _change(deps, user, ref, external_id, answer.strip().lower())


async def _change(deps: GameDeps, user: UserRef, ref: CampaignRef, external_id: str, answer: str | None) -> GoldChange:
    async def work(session: AsyncSession) -> GoldChange:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, user, campaign.community_id, N_("manage checks"))
        # The item's row before the campaign's, as every paying transaction takes them (`money.payroll`).
        item = await session.scalar(
            select(Item)
            .where(col(Item.campaign_id) == campaign.id, col(Item.external_id) == external_id.strip())
            .with_for_update()
        )
        await session.refresh(campaign, with_for_update=True)  # a close meanwhile is seen, or waits for this
        if campaign.status == CampaignStatus.CLOSED:
            raise WrongStatus(campaign.name, campaign.status, "changed")
        if item is None or not item.gold or item.status == RETIRED:
            raise InvalidCampaign(
                N_("{name} has no check {item} in use (see its stats)"), name=campaign.name, item=repr(external_id)
            )
        keys = [key for key, _ in campaign.choices]
        if answer is not None and answer not in keys:
            raise InvalidCampaign(N_("answer: {answer} isn't one of {keys}"), answer=repr(answer), keys=", ".join(keys))
        answered = (
            col(Assignment.item_id) == item.id,
            col(Assignment.gold).is_(True),
            col(Assignment.answered_at).is_not(None),
        )
        if answer is None:
            item.status = RETIRED
            await session.execute(update(Assignment).where(*answered).values(gold=False, correct=None))
        else:
            item.known_answer = answer
            await session.execute(update(Assignment).where(*answered).values(correct=col(Assignment.choice) == answer))
        players = list(
            await session.scalars(
                select(col(Assignment.account_id)).distinct().where(col(Assignment.item_id) == item.id)
            )
        )
        for account in (await session.scalars(select(Account).where(col(Account.id).in_(players)))).all():
            recent = await tasks.recent_gold_from_answers(session, account, deps)
            account.gold_recent = "".join("1" if right else "0" for right in recent)
        now = deps.clock.now()
        action = "gold_retire" if answer is None else "gold_answer"
        await campaigns.record(
            session, stored_id(campaign), actor(user), action, now, item=item.external_id, answer=answer
        )
        await session.flush()
        return GoldChange(campaign.name, item.external_id, answer, len(players))

    result = await deps.db.transaction(work)
    invalidate(deps)
    return result
