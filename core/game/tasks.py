"""Serving tasks: which item a player gets next, and the prompt that shows it.

This is the hot path (every answer serves the next task in the same transaction), so statements are built once
and run on the session's connection without the ORM's identity map.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import cache
from typing import Any, Protocol

from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from core import paths
from core.db.campaign_tables import TaskFlag
from core.db.tables import Account, Assignment, Item, Membership
from core.db.uow import Tx, connection
from core.errors import NoTasks
from core.game import eligibility, levels, pick
from core.game.campaign_cache import ActiveCampaign
from core.game.deps import GameDeps
from core.game.eligibility import Onboarding
from core.game.players import find_player
from core.types import Progress, Prompt, UserRef


class Player(Protocol):
    """What serving needs of an account (the ORM row or the answer path's light copy)."""

    id: Any
    level: int
    gold_recent: str


async def next_task(deps: GameDeps, user: UserRef) -> Prompt:
    """The player's open task if they have one, else a new one; NoTasks when nothing is left for them."""

    def work(session: Session) -> Prompt:
        account = find_player(session, user)
        prompt = serve(session, deps, account, deps.clock.now())
        if prompt is None:
            raise NoTasks()
        return prompt

    return await deps.db.run(work)


def serve(session: Tx, deps: GameDeps, account: Account, now: datetime) -> Prompt | None:
    """An unanswered task shown recently is served again, so /play twice does not skip work."""
    progress = progress_of(deps, account)
    since = now - timedelta(minutes=deps.settings.tasks.assignment_ttl_minutes)
    row = (connection(session).execute(_open_statement(), {"account": account.id, "since": since})).first()
    campaigns = deps.campaigns.active(session)
    suspended = deps.campaigns.suspended
    if row is not None and row.campaign_id in campaigns and (row.campaign_id, account.id) not in suspended:
        campaign = campaigns[row.campaign_id]
        return _prompt(row.task_id, row, campaign, progress, _first(session, account, campaign, row.task_id))
    return assign_new(session, deps, account, now, progress)


def assign_new(session: Tx, deps: GameDeps, account: Player, now: datetime, progress: Progress) -> Prompt | None:
    """Pick an item for the player and record that it was shown, at what time."""
    picked = _pick(session, deps, account, now)
    if picked is None:
        return None
    task_id, item, campaign = picked
    return _prompt(task_id, item, campaign, progress, _first(session, account, campaign, task_id))


def _first(session: Tx, account: Player, campaign: ActiveCampaign, task_id: int) -> bool:
    """Whether this is the player's first task of a campaign that has instructions (no query when it has none)."""
    if not campaign.instructions:
        return False
    earlier = connection(session).scalar(
        _earlier_statement(), {"account": account.id, "campaign": campaign.id, "task": task_id}
    )
    return earlier is None


def recent_gold(account: Player, deps: GameDeps) -> list[bool]:
    """Correctness of counted gold answers at the current level since it was entered, newest first."""
    return [flag == "1" for flag in account.gold_recent[: deps.ladder[account.level].window]]


async def recent_gold_from_answers(session: AsyncSession, account: Account, deps: GameDeps) -> list[bool]:
    """The same window read from the assignments themselves (the truth the cached column must match)."""
    rows = await session.scalars(
        select(col(Assignment.correct))
        .where(
            col(Assignment.account_id) == account.id,
            col(Assignment.level) == account.level,
            col(Assignment.gold).is_(True),
            col(Assignment.answered_at) >= account.level_since,
            col(Assignment.counted).is_(True),
        )
        .order_by(col(Assignment.answered_at).desc(), col(Assignment.id).desc())
        .limit(deps.ladder[account.level].window)
    )
    return [bool(value) for value in rows]


def progress_of(deps: GameDeps, account: Player) -> Progress:
    return levels.progress(deps.ladder, account.level, recent_gold(account, deps))


def _pick(session: Tx, deps: GameDeps, account: Player, now: datetime) -> tuple[int, Any, ActiveCampaign] | None:
    """The player's level first, lower levels when nothing is left; across campaigns by their priority. The task's
    id, its item, and its campaign."""
    campaigns = _eligible(session, deps, account)
    for level in range(account.level, -1, -1):
        at_level = [c for c in campaigns if c.level == level]
        if len(at_level) > 1:  # a lone campaign needs no draw
            at_level = serving_order(at_level, [deps.rng.random() for _ in at_level])
        for campaign in at_level:
            found = _from_campaign(session, deps, account, campaign, now)
            if found is not None:
                return found[0], found[1], campaign
    return None


def serving_order(campaigns: Sequence[ActiveCampaign], draws: Sequence[float]) -> list[ActiveCampaign]:
    """A weighted random order (Efraimidis-Spirakis keys u ** (1 / priority)), one uniform draw per campaign.

    The first campaign with an item serves it, so each campaign leads a share of picks equal to its priority over
    the sum of priorities: a new campaign is served beside a half-answered one, and a low priority never starves.
    """
    keyed = sorted(zip(campaigns, draws, strict=True), key=lambda pair: -(pair[1] ** (1 / max(pair[0].priority, 1))))
    return [campaign for campaign, _ in keyed]


def _from_campaign(
    session: Tx, deps: GameDeps, account: Player, campaign: ActiveCampaign, now: datetime
) -> tuple[int, Any] | None:
    """Gold at the campaign's rate, else the open item where an answer is worth most."""
    state = eligibility.onboarding(session, account.id, campaign)
    if state is not Onboarding.PASSED:  # onboarding: the campaign's gold first, and nothing after a miss
        gold_only = state is Onboarding.GOLD_ONLY
        return _assigned(session, deps, account, campaign, True, now) if gold_only else None
    rate = campaign.gold_rate if campaign.gold_rate is not None else deps.settings.tasks.gold_rate
    # Where gold is served at all, a player whose gold record is shorter than first_gold gets gold first:
    # their answers on real items then move the posterior and earn by that record, not by the benefit of the
    # doubt that every newcomer, spammers included, would otherwise get.
    unproven = rate > 0 and len(account.gold_recent) < deps.settings.tasks.first_gold
    gold_first = unproven or deps.rng.random() < rate
    for gold in (gold_first, not gold_first):
        found = _assigned(session, deps, account, campaign, gold, now)
        if found is not None:
            return found
    return None


def _open_to(session: Tx, deps: GameDeps, account: Player) -> list[ActiveCampaign]:
    """By level, suspension and community membership."""
    active = [c for c in (deps.campaigns.active(session)).values() if c.level <= account.level]
    if deps.campaigns.suspended:  # the refit suspended some players from some campaigns
        active = [c for c in active if (c.id, account.id) not in deps.campaigns.suspended]
    ladder = deps.ladder
    active = [c for c in active if c.community_id is not None or not ladder[c.level].community_only]
    if all(c.community_id is None for c in active):
        return active
    rows = connection(session).execute(_memberships_statement(), {"account": account.id})
    allowed = {community for community, banned in rows if not banned}
    return [c for c in active if c.community_id is None or c.community_id in allowed]


def _eligible(session: Tx, deps: GameDeps, account: Player) -> list[ActiveCampaign]:
    return eligibility.reputable(session, account.id, _open_to(session, deps, account))


def _assigned(
    session: Tx, deps: GameDeps, account: Player, campaign: ActiveCampaign, gold: bool, now: datetime
) -> tuple[int, Any] | None:
    """The campaign's best candidate for the player, drawn among equals, assigned to them as shown `now`: the new
    task's id and the item (one statement on PostgreSQL, see core.game.pick)."""
    params = {
        "campaign": campaign.id,
        "account": account.id,
        "cap": campaign.max_overlap if not gold else 2**31 - 1,
        "draw": deps.rng.random(),
        "level": campaign.level,
        "now": now,
    }
    conn, limit = connection(session), deps.settings.tasks.candidates
    if conn.dialect.name == "postgresql":
        row = conn.execute(pick.assigned(gold, limit), params).first()
        return None if row is None else (int(row.task_id), row)
    item = conn.execute(pick.best(gold, limit), params).first()
    if item is None:
        return None
    shown = {"item": item.id, "account": account.id, "level": campaign.level, "gold": item.gold, "now": now}
    return int(conn.scalar(pick.assign(), shown) or 0), item


@cache
def _memberships_statement() -> Select:
    return select(col(Membership.community_id), col(Membership.banned)).where(
        col(Membership.account_id) == bindparam("account")
    )


@cache
def _open_statement() -> Select:
    set_aside = exists().where(
        col(TaskFlag.item_id) == col(Assignment.item_id), col(TaskFlag.account_id) == col(Assignment.account_id)
    )
    return (
        select(col(Assignment.id).label("task_id"), *pick.ITEM_COLUMNS)
        .join(Item, col(Item.id) == col(Assignment.item_id))
        .where(
            col(Assignment.account_id) == bindparam("account"),
            col(Assignment.answered_at).is_(None),
            col(Assignment.shown_at) >= bindparam("since"),
            col(Item.status) == "open",
            ~set_aside,
        )
        .order_by(col(Assignment.shown_at).desc())
        .limit(1)
    )


@cache
def _earlier_statement() -> Select:
    return (
        select(col(Assignment.id))
        .join(Item, col(Item.id) == col(Assignment.item_id))
        .where(
            col(Assignment.account_id) == bindparam("account"),
            col(Item.campaign_id) == bindparam("campaign"),
            col(Assignment.id) != bindparam("task"),
        )
        .limit(1)
    )


def _prompt(task_id: int, item: Any, campaign: ActiveCampaign, progress: Progress, first: bool = False) -> Prompt:
    return Prompt(
        task_id=task_id,
        kind=campaign.kind,
        question=campaign.question,
        text=item.text,
        image=paths.resolve(item.image),
        choices=campaign.choices,
        progress=progress,
        campaign=campaign.name,
        answers=tuple(json.loads(item.answers_shown) if isinstance(item.answers_shown, str) else item.answers_shown),
        reward=campaign.points_per_item if campaign.pool_pays else 0,
        instructions=campaign.instructions if first else "",
        has_instructions=bool(campaign.instructions),
    )
