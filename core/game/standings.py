"""Leaderboards (all time, this week, per community) and the player's profile."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import id_column
from core.db.tables import Account, Assignment, Community, Item, LedgerEntry
from core.game import levels, streaks, tasks
from core.game.deps import GameDeps
from core.game.players import find, require
from core.types import BoardScope, CommunityRef, Leaderboard, Profile, Standing, UserRef


async def profile(deps: GameDeps, user: UserRef) -> Profile:
    async def work(session: AsyncSession) -> Profile:
        account = await require(session, user)
        today = streaks.game_day(deps.clock.now(), deps.settings.checkin.day_starts_at_hour)
        gold = col(Assignment.gold).is_(True) & col(Assignment.counted).is_(True)
        answers, gold_answered, gold_correct = (
            await session.execute(
                select(
                    func.count(col(Assignment.answered_at)),
                    func.sum(case((gold, 1), else_=0)),
                    func.sum(case((gold & col(Assignment.correct).is_(True), 1), else_=0)),
                ).where(col(Assignment.account_id) == account.id)
            )
        ).one()
        pending = await session.scalar(
            select(func.count())
            .select_from(Assignment)
            .join(Item, col(Item.id) == col(Assignment.item_id))
            .where(
                col(Assignment.account_id) == account.id,
                col(Assignment.counted).is_(True),
                col(Assignment.gold).is_(False),
                col(Item.status) == "open",
            )
        )
        ahead = await session.scalar(select(func.count()).where(col(Account.points) > account.points))
        players = await session.scalar(select(func.count()).select_from(Account))
        return Profile(
            display_name=account.display_name,
            progress=tasks.progress_of(deps, account),
            streak=streaks.current_streak(
                account.last_check_in, account.streak, today, deps.settings.checkin.grace_days
            ),
            accuracy=(gold_correct or 0) / gold_answered if gold_answered else None,
            gold_answered=int(gold_answered or 0),
            answers=int(answers or 0),
            points=account.points,
            rank=int(ahead or 0) + 1,
            players=int(players or 0),
            checked_in_today=account.last_check_in == today,
            pending=int(pending or 0),
        )

    return await deps.db.transaction(work)


async def leaderboard(
    deps: GameDeps,
    user: UserRef | None = None,
    *,
    scope: BoardScope = "all",
    community: CommunityRef | None = None,
    limit: int = 10,
) -> Leaderboard:
    """Top players; `community` is the group, server or channel of a "community" board."""

    async def work(session: AsyncSession) -> Leaderboard:
        since = _week_start(deps) if scope == "week" else None
        community_id = await _community_id(session, community) if scope == "community" else None
        totals = _totals(scope, since, community_id)
        ranked = totals.subquery()
        rows = (
            await session.execute(
                select(ranked.c.account_id, ranked.c.total, col(Account.display_name), col(Account.level))
                .join(Account, col(Account.id) == ranked.c.account_id)
                .order_by(ranked.c.total.desc(), ranked.c.account_id)
                .limit(limit)
            )
        ).all()
        standings = tuple(_standing(deps, i + 1, row) for i, row in enumerate(rows))
        you = await _you(session, deps, user, ranked) if user else None
        return Leaderboard(scope=scope, since=since, rows=standings, you=you)

    return await deps.db.transaction(work)


def _totals(scope: BoardScope, since: datetime | None, community_id: int | None) -> Select[int, int]:
    if scope == "all":
        return select(id_column(Account.id).label("account_id"), col(Account.points).label("total")).where(
            col(Account.points) > 0
        )
    query: Select[int, int] = select(
        col(LedgerEntry.account_id).label("account_id"), func.sum(col(LedgerEntry.amount)).label("total")
    )
    if since is not None:
        query = query.where(col(LedgerEntry.created_at) >= since)
    if scope == "community":
        query = query.where(col(LedgerEntry.community_id) == (community_id if community_id is not None else -1))
    return query.group_by(col(LedgerEntry.account_id)).having(func.sum(col(LedgerEntry.amount)) > 0)


async def _community_id(session: AsyncSession, community: CommunityRef | None) -> int | None:
    if community is None:
        return None
    return await session.scalar(
        select(col(Community.id)).where(
            col(Community.platform) == community.platform, col(Community.external_id) == community.external_id
        )
    )


async def _you(session: AsyncSession, deps: GameDeps, user: UserRef, ranked) -> Standing | None:
    account = await find(session, user)
    if account is None:
        return None
    total = await session.scalar(select(ranked.c.total).where(ranked.c.account_id == account.id)) or 0
    ahead = await session.scalar(select(func.count()).select_from(ranked).where(ranked.c.total > total)) or 0
    return Standing(int(ahead) + 1, account.display_name, int(total), deps.ladder[account.level].title)


def _standing(deps: GameDeps, rank: int, row) -> Standing:
    return Standing(rank, row.display_name, int(row.total), deps.ladder[row.level].title)


def _week_start(deps: GameDeps) -> datetime:
    """Weeks start on Monday at the configured day boundary."""
    hour = deps.settings.checkin.day_starts_at_hour
    today = streaks.game_day(deps.clock.now(), hour)
    monday = today - timedelta(days=today.weekday())
    now = deps.clock.now()
    return datetime(monday.year, monday.month, monday.day, hour, tzinfo=now.tzinfo)


__all__ = ["leaderboard", "levels", "profile"]
