"""Check-ins, level-ups, referral bonuses (and participation points, where configured) come from a budget.

The engagement reserve (`engagement`) is funded by admins from the treasury. Each game day draws at most
`[rewards] engagement_points_per_day` of it into that day's account (`engagement:<day>`), for every player
together, so a farm of accounts cannot take more than the day's budget; what a day leaves is returned to the
reserve when the next one opens. A reward is paid whole or not at all, into the player's pending points,
which become claimable only once the player has passed the first promotion (see `release.py`). Paying use cases
draw on the day through their `payroll.Payroll`, which takes the budget last, just before COMMIT.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from core.db.book_tables import BookAccount
from core.db.uow import Tx, connection
from core.game import book
from core.game.deps import GameDeps
from core.game.streaks import game_day

PREFIX = f"{book.ENGAGEMENT}:"


def today(deps: GameDeps, now: datetime) -> str:
    """Today's budget account (`engagement:<game day>`)."""
    return book.engagement_day(game_day(now, deps.settings.checkin.day_starts_at_hour))


def open_day(session: Tx, today: str, budget: int, now: datetime) -> None:
    """The first reward of a day draws its budget from the reserve and returns earlier days' rest (in a transaction
    of its own, before the paying one: see `payroll.paying`)."""
    conn = connection(session)
    if conn.execute(select(col(BookAccount.name)).where(col(BookAccount.name) == today)).first() is not None:
        return
    earlier = conn.execute(
        select(col(BookAccount.name), col(BookAccount.balance)).where(
            col(BookAccount.name).like(f"{PREFIX}%"), col(BookAccount.name) != today, col(BookAccount.balance) > 0
        )
    ).all()
    for name, left in earlier:
        book.move(session, name, book.ENGAGEMENT, int(left), "day_closed", name.removeprefix(PREFIX), now)
    reserve = book.lock(session, book.ENGAGEMENT)
    # The day's account exists from now on, even at 0, so the budget is drawn once (a lost race retries).
    book.lock(session, today)
    book.move(session, book.ENGAGEMENT, today, min(budget, reserve), "day_budget", today.removeprefix(PREFIX), now)
