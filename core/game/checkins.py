"""Daily check-ins with streaks, and the streak reminder job."""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import id_column, stored_id
from core.db.tables import Account, CheckInDay
from core.errors import AlreadyCheckedIn
from core.game import notices, streaks
from core.game.deps import GameDeps
from core.game.money import payroll
from core.game.players import require
from core.types import CheckIn, NoticeKind, UserRef


async def check_in(deps: GameDeps, user: UserRef) -> CheckIn:
    """Record today's check-in and pay the streak's reward; a second one today is refused."""
    rules = deps.settings.checkin

    async def work(session: AsyncSession, budget: payroll.Budget) -> CheckIn:
        now = deps.clock.now()
        pay = payroll.Payroll(now, budget)
        account = await require(session, user)
        today = streaks.game_day(now, rules.day_starts_at_hour)
        if account.last_check_in == today:
            raise AlreadyCheckedIn(account.streak)
        streak = streaks.next_streak(account.last_check_in, account.streak, today, rules.grace_days)
        points = streaks.reward(streak, rules.base_points, rules.step_points, rules.max_points)
        # The (account, day) primary key makes a concurrent second check-in fail and retry into the refusal.
        await session.execute(insert(CheckInDay).values(account_id=account.id, day=today, streak=streak, points=points))
        account_id = stored_id(account)
        pay.set(account_id, streak=streak, last_check_in=today)
        points = await session.run_sync(pay.draw, account_id, points, "check_in", today.isoformat())
        await session.run_sync(pay.apply)  # the player's row, then today's budget (see payroll)
        next_points = streaks.reward(streak + 1, rules.base_points, rules.step_points, rules.max_points)
        return CheckIn(day=today, streak=streak, points=points, next_points=next_points)

    return await payroll.paying(deps, lambda budget: deps.db.transaction(lambda session: work(session, budget)))


async def queue_streak_reminders(deps: GameDeps) -> int:
    """Remind players on the last day their streak can still continue; once per player per day."""
    rules = deps.settings.checkin

    async def work(session: AsyncSession) -> int:
        now = deps.clock.now()
        today = streaks.game_day(now, rules.day_starts_at_hour)
        last_chance = streaks.last_chance(today, rules.grace_days)
        rows = (
            await session.execute(
                select(id_column(Account.id), col(Account.streak)).where(
                    col(Account.last_check_in) == last_chance, col(Account.streak) > 0
                )
            )
        ).all()
        for account_id, streak in rows:
            if await notices.already_queued(session, account_id, NoticeKind.STREAK_REMINDER, today.isoformat()):
                continue
            await notices.queue(
                session,
                account_id,
                NoticeKind.STREAK_REMINDER,
                {"streak": streak, "day": today.isoformat()},
                now,
            )
        return len(rows)

    return await deps.db.transaction(work)
