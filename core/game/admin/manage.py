"""Use cases that create a campaign, change its terms and move it through its statuses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Campaign, Item
from core.errors import InvalidCampaign, NotAllowed, WrongStatus
from core.game import book
from core.game.admin import campaigns
from core.game.admin.authz import REQUESTER, actor, authorize, community_id_of, existing_community_id, is_admin
from core.game.admin.campaigns import CampaignRef
from core.game.admin.caps import check_moderator_terms
from core.game.admin.terms import checked, default_level, parse_changes
from core.game.deps import GameDeps
from core.game.money.funding import refund_pool
from core.sentences import N_
from core.types import CampaignInfo, CampaignStatus, CommunityRef, TaskKind, UserRef

# What a refused status change says the caller may not do (NotAllowed), one phrase per action.
ACTING = {
    "start": N_("start campaigns"),
    "pause": N_("pause campaigns"),
    "resume": N_("resume campaigns"),
    "close": N_("close campaigns"),
}


def invalidate(deps: GameDeps) -> None:
    """Serving may cache active campaigns per process; a change here should be seen at once in this one."""
    cache = getattr(deps, "campaigns", None)
    if cache is not None and hasattr(cache, "invalidate"):
        cache.invalidate()


async def create(
    deps: GameDeps,
    user: UserRef,
    *,
    name: str,
    kind: TaskKind | str,
    question: str,
    choices: Any,
    community: CommunityRef | None = None,
    level: int | None = None,
    **terms: Any,
) -> CampaignInfo:
    """A new campaign in draft: it is served once started, after a pack is imported."""

    async def work(session: AsyncSession) -> CampaignInfo:
        community_id = await community_id_of(session, community) if community is not None else None
        await authorize(session, deps, user, community_id, N_("create campaigns"))
        terms.update(name=name, question=question, choices=choices, level=level)
        capped = not is_admin(deps.settings, user)  # moderators spend within the [rewards] caps
        campaign = await insert_new(session, deps, actor(user), kind, community_id, terms, capped=capped)
        return await campaigns.info(session, campaign)

    return await deps.db.transaction(work)


async def insert_new(
    session: AsyncSession,
    deps: GameDeps,
    by: str,
    kind: TaskKind | str,
    community_id: int | None,
    terms: dict[str, Any],
    *,
    capped: bool = False,
) -> Campaign:
    """Check the terms (defaults from config; within the moderators' caps when `capped`), insert the draft and
    record who made it; the caller authorised."""
    task_kind = kind_of(kind)
    parsed = parse_changes(terms)  # a level given is counted from 1, as players count it
    if parsed.get("level") is None:
        parsed["level"] = default_level(deps.ladder, task_kind, community_id is not None)
    values = {
        "min_overlap": deps.settings.tasks.default_min_overlap,
        "max_overlap": deps.settings.tasks.default_max_overlap,
        **parsed,
        "community_id": community_id,
        "kind": task_kind,
    }
    now = deps.clock.now()
    valid = checked(values, deps.ladder, now, deadline_changed=True)
    if capped:
        check_moderator_terms(valid, deps.settings)
    campaign = await campaigns.insert_campaign(session, valid, actor=by, now=now)
    await campaigns.record(session, stored_id(campaign), by, "create", now, name=valid.name)
    return campaign


def kind_of(kind: TaskKind | str) -> TaskKind:
    try:
        return TaskKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in TaskKind)
        raise InvalidCampaign(
            N_("kind: {kind} isn't a task kind; allowed: {allowed}"), kind=repr(kind), allowed=allowed
        ) from None


async def update(
    deps: GameDeps, user: UserRef, ref: CampaignRef, changes: dict[str, Any], *, drafts_only: bool = False
) -> CampaignInfo:
    """Set any of the campaign's terms; all are checked together, so no change leaves them inconsistent.
    `drafts_only`: the terms a requester posted are fixed once its job has started (players saw them)."""
    parsed = parse_changes(changes)

    async def work(session: AsyncSession) -> CampaignInfo:
        campaign = await campaigns.find(session, ref, lock=True)
        await authorize(session, deps, user, campaign.community_id, N_("change campaigns"), campaign.id)
        if campaign.status == CampaignStatus.CLOSED or (drafts_only and campaign.status != CampaignStatus.DRAFT):
            raise WrongStatus(campaign.name, campaign.status, "changed")
        if "community_id" in parsed and not (is_admin(deps.settings, user) or user.platform == REQUESTER):
            # A moderator could otherwise hand a campaign to a community they don't moderate, or to everyone.
            raise NotAllowed(N_("move campaigns between communities"))
        if parsed.get("community_id") is not None:
            parsed["community_id"] = await existing_community_id(session, parsed["community_id"])
        now = deps.clock.now()
        merged = {**campaigns.terms_of(campaign), **parsed}
        valid = checked(merged, deps.ladder, now, deadline_changed="deadline" in parsed)
        if not is_admin(deps.settings, user):
            check_moderator_terms(valid, deps.settings)
        if "name" in parsed:
            await campaigns.name_free(session, valid.name, campaign.id)
        if "choices" in parsed:
            await campaigns.check_choices_cover(session, stored_id(campaign), {key for key, _ in valid.choices})
        changed = campaigns.apply(campaign, valid)
        if changed:
            await campaigns.record(session, stored_id(campaign), actor(user), "update", now, **changed)
        await session.flush()
        return await campaigns.info(session, campaign)

    result = await deps.db.transaction(work)
    invalidate(deps)
    return result


async def change_status(deps: GameDeps, user: UserRef, ref: CampaignRef, action: str) -> CampaignInfo:
    """start, pause, resume or close; starting needs items to serve."""

    async def work(session: AsyncSession) -> CampaignInfo:
        campaign = await campaigns.find(session, ref, money=True)  # close refunds its pool; resume checks it
        await authorize(session, deps, user, campaign.community_id, ACTING[action], campaign.id)
        now = deps.clock.now()
        if action == "start" and await campaigns.item_count(session, stored_id(campaign)) == 0:
            raise InvalidCampaign(N_("campaign {name} has no items yet; import a pack first"), name=repr(campaign.name))
        old = campaign.status
        campaigns.transition(campaign, action, now)
        if action in ("start", "resume"):
            await _check_funded(session, campaign)
            await _check_onboarding(session, campaign)
        detail: dict[str, str | int] = {"old": old}
        if action == "close":
            detail["refunded"] = await session.run_sync(refund_pool, stored_id(campaign), now)
        await campaigns.record(session, stored_id(campaign), actor(user), action, now, **detail)
        await session.flush()
        return await campaigns.info(session, campaign)

    result = await deps.db.transaction(work)
    invalidate(deps)
    return result


async def close_expired(deps: GameDeps) -> list[CampaignInfo]:
    """Scheduled: close every campaign whose deadline has passed; returns those it closed."""

    async def work(session: AsyncSession) -> list[CampaignInfo]:
        now: datetime = deps.clock.now()
        rows = await session.scalars(
            select(Campaign)
            .where(col(Campaign.deadline).is_not(None), col(Campaign.deadline) <= now, col(Campaign.status) != "closed")
            .order_by(col(Campaign.id))
            .with_for_update()
        )
        closed = []
        for campaign in rows.all():
            old = campaign.status
            campaign.status = CampaignStatus.CLOSED.value
            refunded = await session.run_sync(refund_pool, stored_id(campaign), now)
            await campaigns.record(
                session, stored_id(campaign), "scheduler", "deadline", now, old=old, refunded=refunded
            )
            closed.append(campaign)
        await session.flush()
        return [await campaigns.info(session, campaign) for campaign in closed]

    result = await deps.db.transaction(work)
    invalidate(deps)
    return result


async def _check_funded(session: AsyncSession, campaign: Campaign) -> None:
    """A paid campaign is served only while its pool can pay the next item."""
    wanted = campaign.points_per_item
    pool = await book.abalance(session, book.pool(stored_id(campaign)))
    if wanted and pool < wanted:
        raise InvalidCampaign(
            N_(
                "campaign {name} pays {wanted} points per item but its pool holds {pool}; "
                "fund it first (an admin with /campaign fund, a requester from its deposit)"
            ),
            name=repr(campaign.name),
            wanted=wanted,
            pool=pool,
        )


async def _check_onboarding(session: AsyncSession, campaign: Campaign) -> None:
    """Onboarding needs that many gold items to pass, or nobody would ever be served the campaign."""
    needed = campaign.onboarding_gold
    if needed:
        gold = await session.scalar(
            select(func.count()).where(col(Item.campaign_id) == campaign.id, col(Item.gold).is_(True))
        )
        if int(gold or 0) < needed:
            raise InvalidCampaign(
                N_("campaign {name} onboards players on {needed} gold items but has {gold}; upload gold items first"),
                name=repr(campaign.name),
                needed=needed,
                gold=int(gold or 0),
            )
