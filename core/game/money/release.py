"""Pending points become claimable: consensus points after the settlement window, engagement points once the
player has passed the first promotion. Each pending entry is released once (its release entry names it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import String, and_, cast, exists, not_, or_, select
from sqlalchemy.orm import aliased

from core.db.book_tables import BookEntry
from core.db.tables import Account
from core.db.uow import Tx, connection
from core.game import book
from core.game.deps import GameDeps

REASON = "release"
BATCH = 5000


def release(session: Tx, deps: GameDeps, now: datetime) -> int:
    """Release what is due; returns the points released."""
    cutoff = now - timedelta(hours=deps.settings.rewards.settlement_window_hours)
    done = aliased(BookEntry)
    released = exists().where(
        done.reason == REASON, done.debit == BookEntry.credit, done.ref == cast(BookEntry.id, String)
    )
    from_budget = BookEntry.debit.like(f"{book.ENGAGEMENT}:%")
    rows = (
        connection(session)
        .execute(
            select(BookEntry.id, BookEntry.credit, BookEntry.amount, BookEntry.account_id)
            .join(Account, Account.id == BookEntry.account_id)
            .where(
                BookEntry.credit.like("player:%:pending"),
                or_(
                    and_(from_budget, Account.best_level >= 1), and_(not_(from_budget), BookEntry.created_at <= cutoff)
                ),
                not_(released),
            )
            .order_by(BookEntry.id)
            .limit(BATCH)
        )
        .all()
    )
    moved = 0
    for entry_id, pending, amount, account_id in rows:
        target = book.claimable(int(account_id))
        moved += book.move(session, pending, target, int(amount), REASON, str(entry_id), now, account_id)
    return moved
