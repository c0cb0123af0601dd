"""Pending points become claimable: consensus points after the settlement window, engagement points once the
player has proved themselves on gold (`_proven`). Before that, a refit's corrections apply (`corrections`): the
share of a suspended player, or of an answer a label change left on the wrong side, goes back to its pool. Each
pending entry leaves pending once, released or taken back (`pending.open_entries`)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import case, func, not_, select
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.tables import Assignment
from core.db.uow import Tx, connection
from core.game import book
from core.game.deps import GameDeps
from core.game.money.corrections import take_back_suspended
from core.game.money.pending import RELEASE, open_entries

REASON = RELEASE
BATCH = 5000


def release(session: Tx, deps: GameDeps, now: datetime) -> int:
    """Take back suspended players' pending shares, then release what is due; returns the points released."""
    take_back_suspended(session, now)  # what a refit has not taken back yet (a suspension written elsewhere)
    cutoff = now - timedelta(hours=deps.settings.rewards.settlement_window_hours)
    from_budget = col(BookEntry.debit).like(f"{book.ENGAGEMENT}:%")
    conn = connection(session)
    due = conn.execute(
        open_entries()
        .where(not_(from_budget), col(BookEntry.created_at) <= cutoff)
        .order_by(col(BookEntry.id))
        .limit(BATCH)
    ).all()
    vesting = conn.execute(open_entries().where(from_budget).order_by(col(BookEntry.id)).limit(BATCH)).all()
    proven = _proven(session, deps, {row.account_id for row in vesting})
    moved = 0
    ready = [*due, *(row for row in vesting if row.account_id in proven)]
    # Pending rows in ascending order of player, as every paying transaction takes them (see `payroll`).
    ready.sort(key=lambda row: (row.account_id or 0, row.id))
    for entry_id, _, pending, amount, account_id in ready:
        if account_id is None:
            raise LookupError(f"book entry {entry_id} credits pending points without naming their player")
        target = book.claimable(account_id)
        moved += book.move(session, pending, target, int(amount), REASON, str(entry_id), now, account_id)
    return moved


def _proven(session: Tx, deps: GameDeps, accounts: set[int]) -> set[int]:
    """Players with at least `[rewards] vest_min_gold` counted gold answers, right at least as often as the first
    promotion asks: enough checks that a random guesser almost never passes them."""
    if not accounts:
        return set()
    needed, accuracy = deps.settings.rewards.vest_min_gold, deps.ladder[0].promote_accuracy
    rows = (
        connection(session)
        .execute(
            select(
                col(Assignment.account_id),
                func.count(),
                func.sum(case((col(Assignment.correct).is_(True), 1), else_=0)),
            )
            .where(
                col(Assignment.account_id).in_(sorted(accounts)),
                col(Assignment.gold).is_(True),
                col(Assignment.counted).is_(True),
            )
            .group_by(col(Assignment.account_id))
        )
        .all()
    )
    return {account_id for account_id, n, right in rows if n >= needed and int(right or 0) >= accuracy * n}
