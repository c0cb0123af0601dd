"""A requester's jobs: campaigns posted through the API, which only their requester may read or change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import RequesterJob
from core.db.tables import Campaign
from core.errors import UnknownJob
from core.game.admin import campaigns
from core.game.admin.authz import actor, existing_community_id, posted_by
from core.game.admin.manage import insert_new, invalidate
from core.game.deps import GameDeps
from core.game.requesters.accounts import principal
from core.types import CampaignInfo, TaskKind
from core.types.requesters import RequesterInfo


async def create(
    deps: GameDeps,
    requester: RequesterInfo,
    kind: TaskKind | str,
    community_id: int | str | None,
    terms: dict[str, Any],
) -> CampaignInfo:
    """A draft job: the campaign and its ownership in one transaction. `community_id`: who may work on it."""

    async def work(session: AsyncSession) -> CampaignInfo:
        community = await existing_community_id(session, community_id) if community_id is not None else None
        campaign = await insert_new(session, deps, actor(principal(requester)), kind, community, dict(terms))
        await session.execute(insert(RequesterJob).values(campaign_id=campaign.id, requester_id=requester.requester_id))
        return await campaigns.info(session, campaign)

    result = await deps.db.transaction(work)
    invalidate(deps)
    return result


async def owned(session: AsyncSession, requester: RequesterInfo, job_id: int) -> Campaign:
    """The requester's own campaign; UnknownJob for none and for someone else's alike."""
    campaign = await session.get(Campaign, job_id)
    if campaign is None or await posted_by(session, job_id) != requester.requester_id:
        raise UnknownJob(job_id)
    return campaign


async def job(deps: GameDeps, requester: RequesterInfo, job_id: int) -> CampaignInfo:
    async def work(session: AsyncSession) -> CampaignInfo:
        return await campaigns.info(session, await owned(session, requester, job_id))

    return await deps.db.transaction(work)


async def jobs(deps: GameDeps, requester: RequesterInfo) -> list[CampaignInfo]:
    async def work(session: AsyncSession) -> list[CampaignInfo]:
        rows = await session.scalars(
            select(Campaign)
            .join(RequesterJob, col(RequesterJob.campaign_id) == col(Campaign.id))
            .where(col(RequesterJob.requester_id) == requester.requester_id)
            .order_by(col(Campaign.id))
        )
        return [await campaigns.info(session, campaign) for campaign in rows.all()]

    return await deps.db.transaction(work)
