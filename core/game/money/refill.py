"""Funding a campaign that settlement paused for an empty pool (`pools.stop_if_unfunded`) lets it serve again, in
the funding's transaction, once the pool can pay its next item. A campaign its runner paused by hand stays paused:
only the runner resumes it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.campaign_tables import CampaignEvent
from core.db.results import stored_id
from core.db.tables import Campaign
from core.game import book
from core.game.admin import campaigns
from core.game.money.pools import STOPPED
from core.types import CampaignStatus

PAUSES = ("pause", STOPPED)  # the only ways into the paused status
ACTOR = "funding"


async def resume_if_refilled(session: AsyncSession, campaign: Campaign, now: datetime) -> bool:
    """Resume the locked `campaign` if an empty pool paused it and the pool now pays its next item; True if so."""
    campaign_id = stored_id(campaign)
    if campaign.status != CampaignStatus.PAUSED.value or not campaign.points_per_item:
        return False
    if campaign.deadline is not None and campaign.deadline <= now:
        return False  # the deadline job closes it instead
    if await book.abalance(session, book.pool(campaign_id)) < campaign.points_per_item:
        return False
    why = await session.scalar(
        select(col(CampaignEvent.action))
        .where(col(CampaignEvent.campaign_id) == campaign_id, col(CampaignEvent.action).in_(PAUSES))
        .order_by(col(CampaignEvent.id).desc())
        .limit(1)
    )
    if why != STOPPED:
        return False
    campaign.status = CampaignStatus.ACTIVE.value
    await campaigns.record(session, campaign_id, ACTOR, "resume", now, old=CampaignStatus.PAUSED.value)
    await session.flush()
    return True
