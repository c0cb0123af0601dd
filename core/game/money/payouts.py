"""The payout job's side of the book: a confirmed batch moves its claims' points from `claims` to `paid`; a claim
whose payment the chain lost (a reset dev chain, a batch signed anew after a deep reorg) moves back to `claims`,
owed again until it is paid anew.

A claim may so be paid more than once in the book's history, in rounds: round 0's payment names the claim
(`12`), the payment after its n-th reset `12:n`, and the n-th reset `12:n` too. Counting a claim's resets
tells its round, so each move happens once per round whatever is replayed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.uow import Tx, connection
from core.game import book

REASON = "paid"
RESET = "reset"
Claims = Iterable[tuple[int, int, int]]  # (claim id, account id, points)


def mark_paid(session: Tx, claims: Claims, now: datetime) -> int:
    """Claims the chain confirmed paid; each moves `claims` -> `paid` once per round."""
    wanted = list(claims)
    resets = _resets(session, [claim_id for claim_id, _, _ in wanted])
    done = _paid(session, {claim_id: _ref(claim_id, resets.get(claim_id, 0)) for claim_id, _, _ in wanted})
    moved = 0
    for claim_id, account_id, points in wanted:
        if claim_id not in done:
            ref = _ref(claim_id, resets.get(claim_id, 0))
            moved += book.move(session, book.CLAIMS, book.PAID, points, REASON, ref, now, account_id)
    return moved


def mark_reset(session: Tx, claims: Claims, now: datetime) -> int:
    """Claims whose payment the chain no longer holds: each paid one moves `paid` -> `claims` (owed again)."""
    wanted = list(claims)
    resets = _resets(session, [claim_id for claim_id, _, _ in wanted])
    done = _paid(session, {claim_id: _ref(claim_id, resets.get(claim_id, 0)) for claim_id, _, _ in wanted})
    moved = 0
    for claim_id, account_id, points in wanted:
        if claim_id in done:
            ref = f"{claim_id}:{resets.get(claim_id, 0) + 1}"
            moved += book.move(session, book.PAID, book.CLAIMS, points, RESET, ref, now, account_id)
    return moved


def _ref(claim_id: int, resets: int) -> str:
    return str(claim_id) if resets == 0 else f"{claim_id}:{resets}"


def _resets(session: Tx, claim_ids: list[int]) -> dict[int, int]:
    """How often each claim was reset. Resets are rare (a chain lost), so all of them are read at once."""
    if not claim_ids:
        return {}
    wanted = set(claim_ids)
    rows = connection(session).execute(
        select(col(BookEntry.ref)).where(
            col(BookEntry.debit) == book.PAID, col(BookEntry.credit) == book.CLAIMS, col(BookEntry.reason) == RESET
        )
    )
    found: dict[int, int] = {}
    for (ref,) in rows:
        claim_id = int(ref.split(":", 1)[0])
        if claim_id in wanted:
            found[claim_id] = found.get(claim_id, 0) + 1
    return found


def _paid(session: Tx, refs: dict[int, str]) -> set[int]:
    """Claims whose payment of this round (`refs`: the ref it has) is in the book."""
    if not refs:
        return set()
    rows = connection(session).execute(
        select(col(BookEntry.ref)).where(
            col(BookEntry.debit) == book.CLAIMS,
            col(BookEntry.credit) == book.PAID,
            col(BookEntry.reason) == REASON,
            col(BookEntry.ref).in_(sorted(set(refs.values()))),
        )
    )
    found = {ref for (ref,) in rows}
    return {claim_id for claim_id, ref in refs.items() if ref in found}
