"""The double-entry book of value: named accounts and append-only moves between them.

Accounts: `treasury` (the counterpart of what the chain holds), `pool:<campaign>`, `engagement` (the reserve of
check-in, level and referral rewards) and `engagement:<day>` (one day's budget drawn from it),
`requester:<id>:deposit` (what a requester paid in and has not put into a job's pool),
`player:<id>:pending`, `player:<id>:claimable`, `claims` (waiting for a payout) and `paid`. Every entry moves
`amount` points from `debit` to `credit`; the balances of all accounts therefore always sum to zero, and
`book_account.balance` caches each account's sum, moved in the entry's own transaction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class BookAccount(SQLModel, table=True):
    __tablename__ = "book_account"
    name: str = Field(primary_key=True, max_length=64)
    balance: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))


class BookEntry(SQLModel, table=True):
    """One move; (debit, credit, reason, ref) is unique, so a replayed use case cannot move value twice."""

    __tablename__ = "book_entry"
    __table_args__ = (
        UniqueConstraint("debit", "credit", "reason", "ref"),
        Index("ix_book_entry_credit", "credit", "created_at"),
        Index("ix_book_entry_player", "account_id", "created_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    debit: str = Field(max_length=64, index=True)
    credit: str = Field(max_length=64)
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=32)
    ref: str = Field(max_length=64)
    # The player the move concerns, when one does: their history is then one indexed lookup.
    account_id: int | None = Field(default=None, foreign_key="account.id")
    created_at: datetime
