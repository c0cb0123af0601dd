"""The campaign's model (the `model_assist` term) and its predictions.

The model is a worker of inference only: it is no account, so nothing that pays, ranks, suspends or gives
reputation to players can reach it. Its predictions live here, not among assignments, so stats, standings and
exports of players' answers leave them out by construction.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class CampaignModel(SQLModel, table=True):
    """The weights the scheduled training wrote (core.assist.model.to_bytes: arrays only, never pickled), and the
    model's confusion matrix as the refit learned it from the items the crowd also answered."""

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    version: int = 0  # 0: nothing trained yet
    weights: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    trained_on: int = 0  # settled and gold items the current version learned from
    trained_at: datetime | None = None
    confusion: list[list[float]] | None = Field(default=None, sa_column=Column(JSON, nullable=True))  # [true][said]
    confusion_at: datetime | None = None


class ModelPrediction(SQLModel, table=True):
    """One confident prediction of one model version for one open item: the model's answer to it."""

    __table_args__ = (UniqueConstraint("item_id", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id", index=True)
    version: int
    choice: str = Field(max_length=64)
    probability: float
    created_at: datetime
