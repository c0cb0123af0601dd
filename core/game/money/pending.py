"""Entries into players' pending points, and the ways each leaves them, once: released to the player's claimable
points, or taken back to the pool it came from by a refit's correction. The entry that leaves names the entry it
moves (its ref is the pending entry's id)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, String, cast, exists, not_, select
from sqlalchemy.orm import aliased

from core.db.book_tables import BookEntry

RELEASE = "release"
CLAWBACK = "clawback"  # the share of a player the refit suspended from the campaign (a spammer found out)
RELABEL = "relabel"  # the share of an answer that no longer agrees once a refit changed the item's label
TAKEN_BACK = (CLAWBACK, RELABEL)


def open_entries() -> Select[Any]:
    """Entries into a player's pending points that have not left it yet."""
    done = aliased(BookEntry)
    left = exists().where(
        done.reason.in_((RELEASE, *TAKEN_BACK)), done.debit == BookEntry.credit, done.ref == cast(BookEntry.id, String)
    )
    return select(BookEntry.id, BookEntry.debit, BookEntry.credit, BookEntry.amount, BookEntry.account_id).where(
        BookEntry.credit.like("player:%:pending"), not_(left)
    )
