"""Consensus state: per-community reputation, per-campaign worker models, receipts and label changes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, BigInteger, Column, Index
from sqlmodel import Field, SQLModel

PUBLIC = 0  # the community key of campaigns that belong to no community


class Reputation(SQLModel, table=True):
    """Reputation in one community: grows only when the player's answer agrees with the settled label."""

    community_key: int = Field(primary_key=True)  # Community.id, or PUBLIC
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    score: float = 1.0
    settled: int = 0
    agreed: int = 0


class CampaignWorker(SQLModel, table=True):
    """A player's model in one campaign, written by the scheduled refit and read by every online update."""

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    confusion: list[list[float]] = Field(sa_column=Column(JSON, nullable=False))  # [true][answered]
    weight: float = 1.0  # spam multiplier in [0, 1]
    suspended: bool = False
    reason: str = Field(default="", max_length=200)
    updated_at: datetime
    # The player appealed their suspension and waits for a reviewer; a reviewer reinstated them, so the refit's
    # consensus and gold rules no longer suspend them here (the soft penalty still applies).
    appealed_at: datetime | None = None
    reinstated: bool = False


class Receipt(SQLModel, table=True):
    """Why an answer earned what it earned, one per settled answer."""

    __table_args__ = (Index("ix_receipt_account", "account_id", "settled_at"),)
    assignment_id: int = Field(foreign_key="assignment.id", primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    account_id: int = Field(foreign_key="account.id")
    label: str | None = Field(default=None, max_length=64)
    confidence: float
    agreed: bool
    weight: float
    reputation: float
    earned: int = Field(sa_column=Column(BigInteger, nullable=False))
    # What the item paid from its pool and the agreeing players' summed weight: earned = reward × (reputation
    # × weight) / winners_weight, rounded by the largest remainder. Facts only; adapters word them.
    reward: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    winners_weight: float = 0.0
    settled_at: datetime


class LabelChange(SQLModel, table=True):
    """A refit that disagrees with a settled label: settlement stays final, the export shows the change."""

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    old_label: str | None = Field(default=None, max_length=64)
    new_label: str = Field(max_length=64)
    confidence: float
    changed_at: datetime
