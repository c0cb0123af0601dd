"""A comparison campaign's ranking of the systems it compares, from its settled pairs."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.consensus.ranking import rank_counted, settled_pairs
from core.db.results import stored_id
from core.db.tables import Item
from core.game.admin import campaigns
from core.game.admin.authz import authorize
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.types import SystemRating, TaskKind, UserRef

# Resamples behind each interval: the fit runs them all at once over counted pairs, so stats stay quick; the
# seed is fixed so that the same settled pairs always show the same interval.
BOOTSTRAP = 200
SEED = 0


async def ranking(deps: GameDeps, user: UserRef, ref: CampaignRef) -> tuple[SystemRating, ...]:
    """The campaign's systems, best first (none for a campaign that compares no named systems)."""

    async def work(session: AsyncSession) -> tuple[SystemRating, ...]:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, user, campaign.community_id, "see campaign stats", campaign.id)
        return await of_campaign(session, stored_id(campaign), campaign.kind)

    return await deps.db.transaction(work)


async def of_campaign(session: AsyncSession, campaign_id: int, kind: str) -> tuple[SystemRating, ...]:
    """Settled (resolved, not gold) comparisons, counted per systems and verdict by the database."""
    if kind != TaskKind.COMPARISON.value:
        return ()
    rows = await session.execute(
        select(col(Item.system_a), col(Item.system_b), col(Item.label), func.count())
        .where(
            col(Item.campaign_id) == campaign_id,
            col(Item.status) == "resolved",
            col(Item.gold).is_(False),
            col(Item.system_a).is_not(None),
            col(Item.system_b).is_not(None),
        )
        .group_by(col(Item.system_a), col(Item.system_b), col(Item.label))
    )
    counted = settled_pairs((a, b, label, int(n)) for a, b, label, n in rows)
    return tuple(rank_counted(counted, BOOTSTRAP, SEED))
