"""What a campaign's pool has paid its players, read from the book: settlement's shares (the first settlement's,
and those a refit's label change paid), less the shares a refit's correction took back into the pool (a suspended
player's, or an answer a label change left on the wrong side). Points a correction moves from one answer to
another therefore count once, and points taken back count as what the pool has left, so that
funded = spent + left + refunded holds for every pool."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, case, cast, distinct, exists, func, not_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.uow import Tx, connection
from core.game import book
from core.game.money import pools
from core.game.money.pending import TAKEN_BACK


@dataclass(frozen=True, slots=True)
class Spend:
    points: int  # the shares the players hold
    shares: int  # how many shares that is
    accounts: int  # the players holding them
    items: int  # the items they were paid for


def of_pool(session: Tx, campaign_id: int) -> Spend:
    pool = book.pool(campaign_id)
    back = aliased(BookEntry)
    # The take-back names the share it moves back; its debit is the share's credit, so the lookup is one probe of
    # the entries' unique (debit, credit, reason, ref) index.
    taken = exists().where(
        col(back.debit) == col(BookEntry.credit),
        col(back.credit) == pool,
        col(back.reason).in_(TAKEN_BACK),
        col(back.ref) == cast(col(BookEntry.id), String),
    )
    held = (col(BookEntry.debit) == pool) & (col(BookEntry.reason) == pools.REASON) & not_(taken)
    first = ~col(BookEntry.ref).contains("/")  # a settlement's own share, not a label change's
    conn = connection(session)
    points, shares, accounts, settled_items, corrections = conn.execute(
        select(
            func.coalesce(func.sum(col(BookEntry.amount)), 0),
            func.count(),
            func.count(distinct(col(BookEntry.account_id))),
            func.count(distinct(case((first, col(BookEntry.ref))))),
            func.count(case((~first, 1))),
        ).where(held)
    ).one()
    # Items a label change paid after all their first shares were taken back; corrections are few, and most jobs
    # have none, so this second read is mostly skipped.
    changed: set[int] = set()
    if corrections:
        changed = {pools.item_of(ref) for ref in conn.execute(select(col(BookEntry.ref)).where(held, ~first)).scalars()}
        plain = [pools.share_ref(item) for item in changed]
        changed -= {
            pools.item_of(ref)
            for ref in conn.execute(select(col(BookEntry.ref)).where(held, col(BookEntry.ref).in_(plain))).scalars()
        }
    return Spend(int(points), int(shares), int(accounts), int(settled_items) + len(changed))
