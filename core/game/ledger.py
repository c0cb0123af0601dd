"""The append-only record of points earned (what standings rank). `Account.points` caches the sum and moves in
the same transaction. The value behind the points moves in the book (`core/game/book.py`), in that transaction
too: settlement from a pool, engagement rewards from the day's budget.

The rules are plain functions on a `Session`; `credit` is the same for `async` use cases (it runs the plain
function on the async session's connection), so both kinds of use case share one implementation.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.tables import Account, LedgerEntry
from core.db.uow import Tx, connection


def post(
    session: Tx,
    account_id: int,
    amount: int,
    reason: str,
    ref: str,
    now: datetime,
    community_id: int | None = None,
) -> int:
    """Add one entry and move the cached total with it; returns the amount."""
    if amount == 0:
        return 0
    # (account, reason, ref) is unique, so a replayed use case cannot pay twice.
    connection(session).execute(
        entry_insert(),
        {
            "account_id": account_id,
            "amount": amount,
            "reason": reason,
            "ref": ref,
            "community_id": community_id,
            "created_at": now,
        },
    )
    connection(session).execute(_add_points(), {"account": account_id, "amount": amount})
    return amount


async def credit(
    session: AsyncSession,
    account_id: int,
    amount: int,
    reason: str,
    ref: str,
    now: datetime,
    community_id: int | None = None,
) -> int:
    """`post` for async use cases."""
    return await session.run_sync(post, account_id, amount, reason, ref, now, community_id)


async def balance(session: AsyncSession, account_id: int) -> int:
    """The truth: the sum of the entries (the cached column must always equal it)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(col(LedgerEntry.amount)), 0)).where(col(LedgerEntry.account_id) == account_id)
    )
    return int(total or 0)


@cache
def entry_insert() -> Any:
    return insert(LedgerEntry).values(
        account_id=bindparam("account_id"),
        amount=bindparam("amount"),
        reason=bindparam("reason"),
        ref=bindparam("ref"),
        community_id=bindparam("community_id"),
        created_at=bindparam("created_at"),
    )


@cache
def _add_points() -> Any:
    return (
        update(Account)
        .where(col(Account.id) == bindparam("account"))
        .values(points=col(Account.points) + bindparam("amount"))
    )
