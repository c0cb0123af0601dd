"""Moving value between the book's named accounts (see `core/db/book_tables.py`).

Plain functions on a transaction (`Tx`), so sync and async use cases share them. Balances move as atomic
updates (`balance = balance + :d`, and a debit only `WHERE balance >= :amount`), never read-then-write, so two
transactions on PostgreSQL's READ COMMITTED cannot overdraw an account.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, column, func, insert, select, table, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.book_tables import BookAccount, BookEntry
from core.db.uow import Tx, connection
from core.db.upsert import upsert

TREASURY = "treasury"  # may go negative: it counts what was drawn from the chain's treasury
ENGAGEMENT = "engagement"
CLAIMS = "claims"
PAID = "paid"
EXCLUDED = table("excluded", column("balance"))


def pool(campaign_id: int) -> str:
    return f"pool:{campaign_id}"


def deposit(requester_id: int) -> str:
    """What a requester paid in and has not yet put into a job's pool."""
    return f"requester:{requester_id}:deposit"


def engagement_day(day: date) -> str:
    return f"engagement:{day.isoformat()}"


def pending(account_id: int) -> str:
    return f"player:{account_id}:pending"


def claimable(account_id: int) -> str:
    return f"player:{account_id}:claimable"


def move(
    session: Tx,
    debit: str,
    credit: str,
    amount: int,
    reason: str,
    ref: str,
    now: datetime,
    account_id: int | None = None,
    *,
    covered: bool = True,
) -> int:
    """Move `amount` from `debit` to `credit` with its entry; returns what moved.

    `covered`: only if `debit` holds the amount (else nothing moves and 0 is returned). Only the treasury's
    counterpart is debited uncovered: funding is checked against the chain before it is written.
    """
    if amount <= 0:
        return 0
    conn = connection(session)
    if covered:
        if not take(session, debit, amount):
            return 0
    else:
        _add(session, debit, -amount)
    _add(session, credit, amount)
    conn.execute(
        entry_insert(),
        {
            "debit": debit,
            "credit": credit,
            "amount": amount,
            "reason": reason,
            "ref": ref,
            "account_id": account_id,
            "created_at": now,
        },
    )
    return amount


def take(session: Tx, name: str, amount: int) -> bool:
    """Debit `amount` from `name` if it holds that much (one conditional UPDATE; the entry is the caller's)."""
    return bool(connection(session).execute(_take(), {"account": name, "take": amount}).rowcount)


def take_returning(session: Tx, name: str, amount: int) -> int | None:
    """`take`, returning what is left (None, and nothing taken, when `name` holds less than `amount`)."""
    left = connection(session).execute(_take_returning(), {"account": name, "take": amount}).scalar()
    return None if left is None else int(left)


def balance(session: Tx, name: str) -> int:
    found = connection(session).execute(select(col(BookAccount.balance)).where(col(BookAccount.name) == name)).scalar()
    return int(found or 0)


def balances(session: Tx, names: Iterable[str]) -> dict[str, int]:
    wanted = list(names)
    rows = connection(session).execute(
        select(col(BookAccount.name), col(BookAccount.balance)).where(col(BookAccount.name).in_(wanted))
    )
    found = {name: int(value) for name, value in rows}
    return {name: found.get(name, 0) for name in wanted}


def lock(session: Tx, name: str) -> int:
    """The account's balance under a row lock (created at 0 first): decisions on it are then taken one at a time."""
    _add(session, name, 0)
    found = connection(session).execute(
        select(col(BookAccount.balance)).where(col(BookAccount.name) == name).with_for_update()
    )
    return int(found.scalar() or 0)


async def abalance(session: AsyncSession, name: str) -> int:
    return int(await session.run_sync(balance, name))


def _add(session: Tx, name: str, delta: int) -> None:
    upsert(session, BookAccount, [{"name": name, "balance": delta}], ["name"], {"balance": added()})


@cache
def added() -> Any:
    """An upsert's update of a balance: what the row held plus what the insert would have put in."""
    return col(BookAccount.balance) + EXCLUDED.c.balance


@cache
def _take() -> Any:
    return (
        update(BookAccount)
        .where(col(BookAccount.name) == bindparam("account"), col(BookAccount.balance) >= bindparam("take"))
        .values(balance=col(BookAccount.balance) - bindparam("take"))
    )


@cache
def _take_returning() -> Any:
    return _take().returning(col(BookAccount.balance))


@cache
def entry_insert() -> Any:
    return insert(BookEntry).values(
        debit=bindparam("debit"),
        credit=bindparam("credit"),
        amount=bindparam("amount"),
        reason=bindparam("reason"),
        ref=bindparam("ref"),
        account_id=bindparam("account_id"),
        created_at=bindparam("created_at"),
    )


def entry_sum(session: Tx, name: str) -> int:
    """The truth behind the cached balance: credits minus debits of the account's entries."""
    conn = connection(session)
    credits = conn.execute(
        select(func.coalesce(func.sum(col(BookEntry.amount)), 0)).where(col(BookEntry.credit) == name)
    )
    debits = conn.execute(select(func.coalesce(func.sum(col(BookEntry.amount)), 0)).where(col(BookEntry.debit) == name))
    return int(credits.scalar() or 0) - int(debits.scalar() or 0)
