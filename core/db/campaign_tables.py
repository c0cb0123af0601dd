"""Tables of campaign administration: image links of URL packs and the audit trail of admin actions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel


class ItemLink(SQLModel, table=True):
    """An item whose image is a link, fetched when first needed (links are longer than `item.image` holds)."""

    __tablename__ = "item_link"
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    url: str = Field(max_length=2048)


class CampaignEvent(SQLModel, table=True):
    """Who changed a campaign, how and when; written in the same transaction as the change."""

    __tablename__ = "campaign_event"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    actor: str = Field(max_length=160)
    action: str = Field(max_length=32)
    detail: dict[str, str | int | float | None] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
