"""Answering a task: checks, recording once, points, gold accuracy, level changes, the next task."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Account, Assignment, Campaign, Item
from core.errors import InvalidChoice, NotYourTask, TaskClosed, TooFast, UnknownTask
from core.game import graduation, ledger, levels, tasks
from core.game.deps import GameDeps
from core.game.players import require
from core.types import Choice, GoldFeedback, LevelChange, Outcome, UserRef


async def answer(deps: GameDeps, user: UserRef, task_id: int, choice_key: str) -> Outcome:
    async def work(session: AsyncSession) -> Outcome:
        now = deps.clock.now()
        account = await require(session, user)
        assignment, item, campaign = await _own_assignment(session, account, task_id)
        choice = tasks.choice_of(campaign, choice_key)
        if choice is None:
            raise InvalidChoice()
        if assignment.answered_at is not None:
            return await _repeat(session, deps, account, assignment, campaign)
        if campaign.status != "active" or item.status != "open":
            raise TaskClosed()
        await _within_rate_limit(session, deps, account, now)
        counted = (now - assignment.shown_at).total_seconds() >= deps.settings.tasks.min_answer_seconds
        correct = (choice.key == item.known_answer) if assignment.gold else None
        recorded = await session.execute(
            update(Assignment)
            .where(Assignment.id == assignment.id, Assignment.answered_at.is_(None))
            .values(answered_at=now, choice=choice.key, counted=counted, correct=correct)
        )
        if recorded.rowcount == 0:  # a concurrent press won; it counted, this one is the repeat
            return await _repeat(session, deps, account, assignment, campaign)
        points = 0
        if counted:
            await session.execute(update(Item).where(Item.id == item.id).values(answers=Item.answers + 1))
            points += await ledger.credit(
                session,
                account.id,
                deps.settings.points.answer,
                "answer",
                str(assignment.id),
                now,
                campaign.community_id,
            )
        change, bonus = await _maybe_change_level(session, deps, account, assignment.gold and counted, now)
        recent = await tasks.recent_gold(session, account, deps)
        progress = tasks.progress_of(deps, account, recent)
        feedback = None
        if assignment.gold and counted and campaign.gold_feedback:
            feedback = GoldFeedback(bool(correct), tasks.choice_of(campaign, item.known_answer or "") or choice)
        next_prompt = await tasks.assign_new(session, deps, account, now, progress)
        return Outcome(
            task_id=assignment.id or 0,
            choice=choice,
            counted=counted,
            repeated=False,
            points=points + bonus,
            progress=progress,
            level_change=change,
            gold=feedback,
            next_prompt=next_prompt,
        )

    return await deps.db.transaction(work)


async def _own_assignment(session: AsyncSession, account: Account, task_id: int) -> tuple[Assignment, Item, Campaign]:
    row = (
        await session.execute(
            select(Assignment, Item, Campaign)
            .join(Item, Item.id == Assignment.item_id)
            .join(Campaign, Campaign.id == Item.campaign_id)
            .where(Assignment.id == task_id)
        )
    ).first()
    if row is None:
        raise UnknownTask()
    if row[0].account_id != account.id:
        raise NotYourTask()
    return row[0], row[1], row[2]


async def _within_rate_limit(session: AsyncSession, deps: GameDeps, account: Account, now: datetime) -> None:
    limit = deps.settings.tasks.max_answers_per_hour
    hour_ago = now - timedelta(hours=1)
    recent = (
        select(Assignment.answered_at)
        .where(Assignment.account_id == account.id, Assignment.answered_at >= hour_ago)
        .order_by(Assignment.answered_at.desc())
        .limit(limit)
        .subquery()
    )
    count, oldest = (await session.execute(select(func.count(), func.min(recent.c.answered_at)))).one()
    if count >= limit:
        oldest_at = oldest if oldest.tzinfo else oldest.replace(tzinfo=now.tzinfo)
        raise TooFast(max(1, int((oldest_at + timedelta(hours=1) - now).total_seconds())))


async def _maybe_change_level(
    session: AsyncSession, deps: GameDeps, account: Account, gold_counted: bool, now: datetime
) -> tuple[LevelChange | None, int]:
    if not gold_counted:
        return None, 0
    recent = await tasks.recent_gold(session, account, deps)
    new_level = levels.next_level(deps.ladder, account.level, recent)
    if new_level == account.level:
        return None, 0
    return await graduation.change_level(session, deps, account, new_level, now)


async def _repeat(
    session: AsyncSession, deps: GameDeps, account: Account, assignment: Assignment, campaign: Campaign
) -> Outcome:
    """A second press: nothing changes; the reply says what the first press recorded."""
    await session.refresh(assignment)
    recorded = tasks.choice_of(campaign, assignment.choice or "") or Choice(assignment.choice or "", "")
    progress = tasks.progress_of(deps, account, await tasks.recent_gold(session, account, deps))
    return Outcome(
        task_id=assignment.id or 0,
        choice=recorded,
        counted=assignment.counted,
        repeated=True,
        points=0,
        progress=progress,
        level_change=None,
        gold=None,
        next_prompt=None,
    )
