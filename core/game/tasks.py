"""Serving tasks: which item a player gets next, and the prompt that shows it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import and_, exists, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from core import paths
from core.db.tables import Account, Assignment, Campaign, Item, Membership
from core.errors import NoTasks
from core.game import levels
from core.game.deps import GameDeps
from core.game.players import require
from core.types import Choice, Progress, Prompt, TaskKind, UserRef


async def next_task(deps: GameDeps, user: UserRef) -> Prompt:
    """The player's open task if they have one, else a new one; NoTasks when nothing is left for them."""

    async def work(session: AsyncSession) -> Prompt:
        account = await require(session, user)
        prompt = await serve(session, deps, account, deps.clock.now())
        if prompt is None:
            raise NoTasks()
        return prompt

    return await deps.db.transaction(work)


async def serve(session: AsyncSession, deps: GameDeps, account: Account, now: datetime) -> Prompt | None:
    recent = await recent_gold(session, account, deps)
    progress = progress_of(deps, account, recent)
    open_task = await _open_assignment(session, deps, account, now)
    if open_task is not None:
        return _prompt(open_task[0].id, open_task[1], open_task[2], progress)
    return await assign_new(session, deps, account, now, progress)


async def assign_new(
    session: AsyncSession, deps: GameDeps, account: Account, now: datetime, progress: Progress
) -> Prompt | None:
    """Pick an item for the player and record that it was shown, at what time."""
    picked = await _pick(session, deps, account)
    if picked is None:
        return None
    item, campaign = picked
    task_id = await session.scalar(
        insert(Assignment)
        .values(
            item_id=item.id,
            account_id=account.id,
            level=campaign.level,
            gold=item.gold,
            shown_at=now,
            counted=False,
        )
        .returning(Assignment.id)
    )
    return _prompt(int(task_id or 0), item, campaign, progress)


async def recent_gold(session: AsyncSession, account: Account, deps: GameDeps) -> list[bool]:
    """Correctness of counted gold answers at the current level since it was entered, newest first."""
    window = deps.ladder[account.level].window
    rows = await session.scalars(
        select(Assignment.correct)
        .where(
            Assignment.account_id == account.id,
            Assignment.level == account.level,
            Assignment.gold.is_(True),
            Assignment.answered_at >= account.level_since,
            Assignment.counted.is_(True),
        )
        .order_by(Assignment.answered_at.desc())
        .limit(window)
    )
    return [bool(value) for value in rows]


def progress_of(deps: GameDeps, account: Account, recent: list[bool]) -> Progress:
    return levels.progress(deps.ladder, account.level, recent)


async def _open_assignment(
    session: AsyncSession, deps: GameDeps, account: Account, now: datetime
) -> tuple[Assignment, Item, Campaign] | None:
    """An unanswered task shown recently is served again, so /play twice does not skip work."""
    since = now - timedelta(minutes=deps.settings.tasks.assignment_ttl_minutes)
    row = (
        await session.execute(
            select(Assignment, Item, Campaign)
            .join(Item, Item.id == Assignment.item_id)
            .join(Campaign, Campaign.id == Item.campaign_id)
            .where(
                Assignment.account_id == account.id,
                Assignment.answered_at.is_(None),
                Assignment.shown_at >= since,
                Campaign.status == "active",
                Item.status == "open",
            )
            .order_by(Assignment.shown_at.desc())
            .limit(1)
        )
    ).first()
    return None if row is None else (row[0], row[1], row[2])


async def _pick(session: AsyncSession, deps: GameDeps, account: Account) -> tuple[Item, Campaign] | None:
    """Gold at the configured rate, else the open item closest to resolution; lower levels when none is left."""
    campaigns = await _eligible_campaigns(session, deps, account)
    draw = deps.rng.random()
    for level in range(account.level, -1, -1):
        at_level = [c for c in campaigns if c.level == level]
        if not at_level:
            continue
        rates = [c.gold_rate for c in at_level if c.gold_rate is not None]
        gold_first = draw < (max(rates) if rates else deps.settings.tasks.gold_rate)
        for gold in (gold_first, not gold_first):
            item = await _candidate(session, deps, account, at_level, gold)
            if item is not None:
                return item, next(c for c in at_level if c.id == item.campaign_id)
    return None


async def _eligible_campaigns(session: AsyncSession, deps: GameDeps, account: Account) -> list[Campaign]:
    mine = select(Membership.community_id).where(Membership.account_id == account.id, Membership.banned.is_(False))
    banned = select(Membership.community_id).where(Membership.account_id == account.id, Membership.banned.is_(True))
    rows = await session.scalars(
        select(Campaign).where(
            Campaign.status == "active",
            Campaign.level <= account.level,
            or_(Campaign.community_id.is_(None), Campaign.community_id.in_(mine)),
            or_(Campaign.community_id.is_(None), Campaign.community_id.not_in(banned)),
        )
    )
    ladder = deps.ladder
    return [c for c in rows if not ladder[c.level].community_only or c.community_id is not None]


async def _candidate(
    session: AsyncSession, deps: GameDeps, account: Account, campaigns: list[Campaign], gold: bool
) -> Item | None:
    seen = exists().where(Assignment.item_id == Item.id, Assignment.account_id == account.id)
    under_cap = or_(*(and_(Item.campaign_id == c.id, Item.answers < c.max_overlap) for c in campaigns))
    # Gold items never resolve; the least used one keeps gold spread evenly over players.
    order = Item.answers.asc() if gold else Item.answers.desc()
    query = select(Item).where(
        Item.campaign_id.in_([c.id for c in campaigns]), Item.gold.is_(gold), Item.status == "open", ~seen
    )
    if not gold:
        query = query.where(under_cap)
    candidates = list(await session.scalars(query.order_by(order).limit(deps.settings.tasks.candidates)))
    if not candidates:
        return None
    best = [item for item in candidates if item.answers == candidates[0].answers]
    return deps.rng.choice(best)


def _prompt(task_id: int, item: Item, campaign: Campaign, progress: Progress) -> Prompt:
    return Prompt(
        task_id=task_id,
        kind=TaskKind(campaign.kind),
        question=campaign.question,
        text=item.text,
        image=paths.resolve(item.image),
        choices=tuple(Choice(key, label) for key, label in campaign.choices),
        progress=progress,
        campaign=campaign.name,
        answers=tuple(item.answers_shown),
    )


def choice_of(campaign: Campaign, key: str) -> Choice | None:
    return next((Choice(k, label) for k, label in campaign.choices if k == key), None)
