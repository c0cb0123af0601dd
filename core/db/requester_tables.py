"""Tables of the requester side: who posts jobs through the API, which campaigns are theirs, replayable POSTs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class Requester(SQLModel, table=True):
    """A client that posts labelling jobs. Only a hash of its API key is kept; `key_id` finds the row."""

    __tablename__ = "requester"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=80, unique=True)
    key_id: str = Field(max_length=16, unique=True)
    key_hash: str = Field(max_length=64)
    scopes: str = Field(max_length=200)
    created_at: datetime
    revoked_at: datetime | None = None
    # Tells the requester's token transfers to the treasury apart (hex of the 8 bytes appended to the transfer).
    reference: str = Field(max_length=16, sa_column_kwargs={"unique": True})


class RequesterJob(SQLModel, table=True):
    """A campaign posted by a requester: its job, which only that requester may see or change."""

    __tablename__ = "requester_job"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    requester_id: int = Field(foreign_key="requester.id", index=True)
    # The pool is below the next items' rewards and the requester was told: set at the crossing, cleared above it.
    pool_low: bool = False


class IdempotentRequest(SQLModel, table=True):
    """The first answer to a POST carrying an `Idempotency-Key`, replayed when the same key comes again."""

    __tablename__ = "idempotent_request"
    requester_id: int = Field(foreign_key="requester.id", primary_key=True)
    key: str = Field(max_length=255, primary_key=True)
    fingerprint: str = Field(max_length=64)
    status: int
    body: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime


class RequesterWebhook(SQLModel, table=True):
    """Where a requester's events are POSTed, and the secret their signatures are made with."""

    __tablename__ = "requester_webhook"
    requester_id: int = Field(foreign_key="requester.id", primary_key=True)
    url: str = Field(max_length=2048)
    secret: str = Field(max_length=64)
    created_at: datetime


class WebhookDelivery(SQLModel, table=True):
    """One event for one job (item settled, job done): pending until its receiver answers 2xx, retried with
    backoff, failed after the last attempt. (campaign, event, ref) is unique, so an event is queued once."""

    __tablename__ = "webhook_delivery"
    __table_args__ = (
        UniqueConstraint("campaign_id", "event", "ref"),
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    requester_id: int = Field(foreign_key="requester.id")
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    event: str = Field(max_length=32)
    ref: str = Field(max_length=64)
    body: str = Field(sa_column=Column(Text, nullable=False))
    status: str = Field(default="pending", max_length=16)
    attempts: int = 0
    next_attempt_at: datetime
    last_status: int | None = None
    last_error: str | None = Field(default=None, max_length=200)
    created_at: datetime
    delivered_at: datetime | None = None


class ChainDeposit(SQLModel, table=True):
    """A token transfer to the treasury that carried a requester's reference: credited to its deposit once
    (the transfer's log is the key), only after the configured confirmations."""

    __tablename__ = "chain_deposit"
    tx_hash: str = Field(max_length=66, primary_key=True)
    log_index: int = Field(primary_key=True)
    requester_id: int = Field(foreign_key="requester.id")
    units: str = Field(max_length=80)  # token base units, as text: they pass 64 bits
    points: int = Field(sa_column=Column(BigInteger, nullable=False))
    block: int = Field(sa_column=Column(BigInteger, nullable=False))
    credited_at: datetime


class ChainCursor(SQLModel, table=True):
    """The last block a chain watcher has read (confirmed blocks only), so each run starts where it stopped."""

    __tablename__ = "chain_cursor"
    name: str = Field(max_length=32, primary_key=True)
    block: int = Field(sa_column=Column(BigInteger, nullable=False))


class ItemResult(SQLModel, table=True):
    """A settled item's answers and label counts as a results page shows them (JSON text, workers as placeholders
    named per page), written when the item settles and rewritten by every later answer under the item's lock
    (`core.game.item_results`), so a page reads them instead of aggregating every answer again."""

    __tablename__ = "item_result"
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    answers: str = Field(sa_column=Column(Text, nullable=False))  # the answers' objects, comma-separated
    counts: str = Field(sa_column=Column(Text, nullable=False))  # '"<label>":<count>' pairs, comma-separated
