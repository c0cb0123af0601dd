"""Entries into players' pending points, and the ways each leaves them, once: released to the player's claimable
points, or taken back to the pool it came from by a refit's correction. The entry that leaves names the entry it
moves (its ref is the pending entry's id)."""

from __future__ import annotations

from sqlalchemy import Select, String, cast, exists, not_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.results import id_column

RELEASE = "release"
CLAWBACK = "clawback"  # the share of a player the refit suspended from the campaign (a spammer found out)
RELABEL = "relabel"  # the share of an answer that no longer agrees once a refit changed the item's label
TAKEN_BACK = (CLAWBACK, RELABEL)


def open_entries() -> Select[int, str, str, int, int | None]:
    """Entries into a player's pending points that have not left it yet."""
    done = aliased(BookEntry)
    left = exists().where(
        col(done.reason).in_((RELEASE, *TAKEN_BACK)),
        col(done.debit) == col(BookEntry.credit),
        col(done.ref) == cast(col(BookEntry.id), String),
    )
    return select(
        id_column(BookEntry.id),
        col(BookEntry.debit),
        col(BookEntry.credit),
        col(BookEntry.amount),
        col(BookEntry.account_id),
    ).where(col(BookEntry.credit).like("player:%:pending"), not_(left))
