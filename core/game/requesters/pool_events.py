"""`job.pool_low` and `job.pool_empty`: the requester hears when a paying job's pool falls below the rewards of
its next `pool_low_items` items (once per crossing: the job's `pool_low` flag is set then and cleared when
funding lifts the pool above it again), and when settlement stopped the job because the pool can't pay the
next item (once per stop, from the campaign's `pool_empty` event)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.campaign_tables import CampaignEvent
from core.db.requester_tables import RequesterJob, WebhookDelivery
from core.db.tables import Campaign
from core.game import book
from core.game.requesters.events import POOL_EMPTY, POOL_LOW, event_row

Row = dict[str, object]


async def pool_rows(session: AsyncSession, hooked: Any, now: datetime, low_items: int) -> list[Row]:
    return [*await _crossings(session, hooked, now, low_items), *await _stops(session, hooked, now)]


async def _crossings(session: AsyncSession, hooked: Any, now: datetime, low_items: int) -> list[Row]:
    jobs = (
        await session.execute(
            select(hooked.c.requester_id, col(Campaign.id), col(Campaign.points_per_item), col(RequesterJob.pool_low))
            .join(hooked, hooked.c.campaign_id == col(Campaign.id))
            .join(RequesterJob, col(RequesterJob.campaign_id) == col(Campaign.id))
            .where(col(Campaign.status).in_(("active", "paused")), col(Campaign.points_per_item) > 0)
        )
    ).all()
    if not jobs:
        return []
    held = await session.run_sync(book.balances, [book.pool(job_id) for _, job_id, _, _ in jobs])
    rows, crossed, lifted = [], [], []
    for requester_id, job_id, per_item, flagged in jobs:
        left = held[book.pool(job_id)]
        low = left < low_items * per_item
        if low and not flagged:
            crossed.append(job_id)
            facts = {"pool": left, "reward_per_item": per_item, "items_covered": left // per_item}
            rows.append((requester_id, job_id, {**facts, "threshold_items": low_items}))
        elif flagged and not low:
            lifted.append(job_id)
    for ids, value in ((crossed, True), (lifted, False)):
        if ids:
            await session.execute(
                update(RequesterJob).where(col(RequesterJob.campaign_id).in_(ids)).values(pool_low=value)
            )
    told = dict(
        (
            await session.execute(
                select(col(WebhookDelivery.campaign_id), func.count())
                .where(col(WebhookDelivery.campaign_id).in_(crossed or [0]), col(WebhookDelivery.event) == POOL_LOW)
                .group_by(col(WebhookDelivery.campaign_id))
            )
        ).all()
    )
    # The crossing's number makes its ref, so each crossing is queued once (campaign, event, ref is unique).
    return [
        event_row(requester_id, job_id, POOL_LOW, f"low:{told.get(job_id, 0) + 1}", facts, now)
        for requester_id, job_id, facts in rows
    ]


async def _stops(session: AsyncSession, hooked: Any, now: datetime) -> list[Row]:
    stops = (
        await session.execute(
            select(
                hooked.c.requester_id, col(CampaignEvent.campaign_id), col(CampaignEvent.id), col(CampaignEvent.detail)
            )
            .join(hooked, hooked.c.campaign_id == col(CampaignEvent.campaign_id))
            .where(col(CampaignEvent.action) == "pool_empty")
        )
    ).all()
    if not stops:
        return []
    queued = set(
        (
            await session.execute(
                select(col(WebhookDelivery.campaign_id), col(WebhookDelivery.ref)).where(
                    col(WebhookDelivery.campaign_id).in_({job_id for _, job_id, _, _ in stops}),
                    col(WebhookDelivery.event) == POOL_EMPTY,
                )
            )
        ).all()
    )
    return [
        event_row(requester_id, job_id, POOL_EMPTY, f"empty:{event_id}", {"pool": detail.get("pool", 0)}, now)
        for requester_id, job_id, event_id, detail in stops
        if (job_id, f"empty:{event_id}") not in queued
    ]
