"""The append-only points ledger. `Account.points` is a cache of the sum, moved in the same statement batch."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Account, LedgerEntry


async def credit(
    session: AsyncSession,
    account_id: int,
    amount: int,
    reason: str,
    ref: str,
    now: datetime,
    community_id: int | None = None,
) -> int:
    """Add one entry; (account, reason, ref) is unique, so a replayed use case cannot pay twice."""
    if amount == 0:
        return 0
    await session.execute(
        insert(LedgerEntry).values(
            account_id=account_id,
            amount=amount,
            reason=reason,
            ref=ref,
            community_id=community_id,
            created_at=now,
        )
    )
    await session.execute(update(Account).where(Account.id == account_id).values(points=Account.points + amount))
    return amount


async def balance(session: AsyncSession, account_id: int) -> int:
    """The truth: the sum of the entries (the cached column must always equal it)."""
    total = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(LedgerEntry.account_id == account_id)
    )
    return int(total or 0)
