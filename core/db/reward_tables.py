"""Tables of the rewards feature: linked wallets, link nonces, claims, payout batches and their transactions.

A payout spans network calls, so it is a state machine stored here (see `wallet/batch_store.py`):
claim pending -> batched -> paid; batch assigned -> signed -> submitted -> confirmed (or reverted, or lost).
Token amounts can exceed 64 bits (18 decimals), so they are stored as decimal strings of smallest units.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, LargeBinary
from sqlmodel import Field, SQLModel


class WalletLink(SQLModel, table=True):
    """An account's payout wallet; shown only to its owner."""

    __tablename__ = "wallet_link"
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    address: str = Field(max_length=42, index=True)
    proven: bool = False  # True when the owner signed a link message with the wallet's key
    linked_at: datetime


class WalletNonce(SQLModel, table=True):
    """A link request: the exact message the user must sign. Single use, expires."""

    __tablename__ = "wallet_nonce"
    __table_args__ = (Index("ix_wallet_nonce_open", "account_id", "used_at"),)
    nonce: str = Field(primary_key=True, max_length=32)
    account_id: int = Field(foreign_key="account.id")
    address: str = Field(max_length=42)
    message: str = Field(max_length=1000)
    expires_at: datetime
    used_at: datetime | None = None


class Claim(SQLModel, table=True):
    """Points turned into a token payment; the ledger holds the matching negative entry (reason "claim")."""

    __table_args__ = (Index("ix_claim_status", "status", "id"), Index("ix_claim_account", "account_id", "created_at"))
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    address: str = Field(max_length=42)
    points: int
    amount: str = Field(max_length=40)  # smallest token units, decimal digits
    status: str = Field(default="pending", max_length=16)  # a core.game.claim_state.ClaimState
    batch_id: int | None = Field(default=None, foreign_key="payout_batch.id", index=True)
    created_at: datetime
    paid_at: datetime | None = None
    tx_hash: str | None = Field(default=None, max_length=66)


class PayoutBatch(SQLModel, table=True):
    """One on-chain `pay_batch` call. `chain_batch_id` is derived from its claim ids, so it is deterministic."""

    __tablename__ = "payout_batch"
    __table_args__ = (Index("ix_payout_batch_status", "status", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    chain_batch_id: str = Field(max_length=66, index=True)
    # a core.game.claim_state.BatchState
    status: str = Field(default="assigned", max_length=16)
    claims: int
    nonce: int | None = None
    created_at: datetime
    updated_at: datetime
    tx_hash: str | None = Field(default=None, max_length=66)  # the transaction that paid it
    block_number: int | None = None
    gas_used: int | None = None


class BatchTx(SQLModel, table=True):
    """A signed transaction of a batch, stored before it is broadcast; fee bumps add rows with the same nonce."""

    __tablename__ = "batch_tx"
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="payout_batch.id", index=True)
    tx_hash: str = Field(max_length=66, unique=True)
    raw: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    nonce: int
    max_fee: str = Field(max_length=40)
    priority_fee: str = Field(max_length=40)
    created_at: datetime
    broadcast_at: datetime | None = None


class ChainRecord(SQLModel, table=True):
    """The chain payouts are recorded on (one row): compared on every run so a reset chain is noticed."""

    __tablename__ = "chain_record"
    id: int = Field(default=1, primary_key=True)
    namespace: str = Field(max_length=64)  # mixed into batch ids: a recreated database never reuses one
    chain_id: int = Field(sa_column=Column(BigInteger, nullable=False))
    genesis_hash: str = Field(max_length=66)
    contract: str = Field(max_length=42)
    code_hash: str | None = Field(default=None, max_length=66)
    recorded_at: datetime
    reset_detected_at: datetime | None = None
    reset_detail: str | None = Field(default=None, max_length=500)


class JobLease(SQLModel, table=True):
    """Only one batcher at a time: a lease with an expiry, renewed in every transaction that moves a payout."""

    __tablename__ = "job_lease"
    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=64)
    expires_at: datetime
