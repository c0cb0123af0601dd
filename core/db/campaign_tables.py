"""Tables of campaign administration: image links of URL packs, the audit trail of admin actions, and the tasks
players set aside (skipped as "not sure", or reported as broken)."""

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


class TaskFlag(SQLModel, table=True):
    """A player set an item aside: "skip" (not sure) or "report" (broken). Not an answer: no accuracy, no pay.

    The player's assignment of the item stays, so the item is never served to them again.
    """

    __tablename__ = "task_flag"
    item_id: int = Field(foreign_key="item.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    kind: str = Field(max_length=8, index=True)
    created_at: datetime
