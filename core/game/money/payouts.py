"""The payout job's side of the book: a confirmed batch moves its claims' points from `claims` to `paid`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from core.db.uow import Tx
from core.game import book

REASON = "paid"


def mark_paid(session: Tx, claims: Iterable[tuple[int, int, int]], now: datetime) -> int:
    """`claims`: (claim id, account id, points) of claims the chain confirmed paid; each moves once (replays don't)."""
    moved = 0
    for claim_id, account_id, points in claims:
        moved += book.move(session, book.CLAIMS, book.PAID, points, REASON, str(claim_id), now, account_id)
    return moved
