"""A campaign's figures: progress, answers, labels, active labelers, accuracy on gold, and what it paid out."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Assignment, Item
from core.game.admin import campaigns, item_health, ranking
from core.game.admin.authz import authorize
from core.game.admin.campaigns import CampaignRef
from core.game.admin.gold import RETIRED
from core.game.deps import GameDeps
from core.game.money.spend import of_pool as spent_from_pool
from core.game.undeliverable import WITHDRAWN
from core.sentences import N_
from core.types import CampaignStats, CampaignStatus, UserRef

# Items no longer served: checks an admin retired, items withdrawn because chat could not show (or fetch) them.
# Counted apart, so "Items" and its checks are what is still played and "done" is measured against that.
OUT_OF_PLAY = (RETIRED, WITHDRAWN)


async def stats(deps: GameDeps, user: UserRef, ref: CampaignRef) -> CampaignStats:
    async def work(session: AsyncSession) -> CampaignStats:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, user, campaign.community_id, N_("see campaign stats"), campaign.id)
        campaign_id = stored_id(campaign)
        now = deps.clock.now()
        items, gold_items = await _items(session, campaign_id)
        counted = col(Assignment.counted).is_(True)
        gold = counted & col(Assignment.gold).is_(True)
        answers, gold_answers, gold_correct = (
            await session.execute(
                select(
                    func.count(case((counted, 1))),
                    func.count(case((gold, 1))),
                    func.count(case((gold & col(Assignment.correct).is_(True), 1))),
                )
                .join(Item, col(Item.id) == col(Assignment.item_id))
                .where(col(Item.campaign_id) == campaign_id)
            )
        ).one()
        active = select(func.count(distinct(col(Assignment.account_id)))).join(
            Item, col(Item.id) == col(Assignment.item_id)
        )
        active = active.where(col(Item.campaign_id) == campaign_id)
        day = await session.scalar(active.where(col(Assignment.answered_at) >= now - timedelta(days=1)))
        week = await session.scalar(active.where(col(Assignment.answered_at) >= now - timedelta(days=7)))
        spend = await session.run_sync(spent_from_pool, campaign_id)
        skips, reports, reported = await item_health.set_aside(session, campaign_id)
        labels = await session.execute(
            select(col(Item.label), func.count())
            .where(col(Item.campaign_id) == campaign_id, col(Item.status) == "resolved", col(Item.label).is_not(None))
            .group_by(col(Item.label))
            .order_by(func.count().desc(), col(Item.label))
        )
        return CampaignStats(
            campaign_id=campaign_id,
            name=campaign.name,
            status=CampaignStatus(campaign.status),
            at=now,
            items=sum(n for status, n in items.items() if status not in OUT_OF_PLAY),
            gold_items=gold_items,
            open=items.get("open", 0),
            resolved=items.get("resolved", 0),
            ambiguous=items.get("ambiguous", 0),
            out_of_play=sum(items.get(status, 0) for status in OUT_OF_PLAY),
            answers=int(answers),
            label_distribution={str(label): int(count) for label, count in labels},
            active_24h=int(day or 0),
            active_7d=int(week or 0),
            gold_answers=int(gold_answers),
            gold_correct=int(gold_correct),
            spend_points=spend.points,
            spend_entries=spend.shares,
            paid_accounts=spend.accounts,
            settled_by_day=await _settled_by_day(session, campaign_id, now),
            labeler_accuracy=await _labeler_accuracy(session, campaign_id),
            choice_labels={str(key): str(name) for key, name in campaign.choices},
            skips=skips,
            reports=reports,
            reported=reported,
            gold=await item_health.gold_health(session, campaign_id),
            ranking=await ranking.of_campaign(session, campaign_id, campaign.kind),
        )

    return await deps.db.transaction(work)


async def _items(session: AsyncSession, campaign_id: int) -> tuple[dict[str, int], int]:
    """Item counts by status, and how many items in play are gold (a retired check is one no more)."""
    rows = await session.execute(
        select(col(Item.status), func.count(), func.count(case((col(Item.gold).is_(True), 1))))
        .where(col(Item.campaign_id) == campaign_id)
        .group_by(col(Item.status))
    )
    by_status: dict[str, int] = {}
    gold = 0
    for status, count, gold_count in rows:
        by_status[str(status)] = int(count)
        gold += int(gold_count) if status not in OUT_OF_PLAY else 0
    return by_status, gold


async def _settled_by_day(session: AsyncSession, campaign_id: int, now: datetime) -> dict[str, int]:
    """Items resolved or found ambiguous per day over the last fortnight, oldest first (days without any: 0)."""
    since = (now - timedelta(days=DAYS - 1)).date()
    rows = await session.execute(
        select(func.date(col(Item.resolved_at)), func.count())
        .where(
            col(Item.campaign_id) == campaign_id, col(Item.resolved_at) >= datetime.combine(since, time(), now.tzinfo)
        )
        .group_by(func.date(col(Item.resolved_at)))
    )
    counts = {str(day)[:10]: int(count) for day, count in rows}
    return {
        (since + timedelta(days=n)).isoformat(): counts.get((since + timedelta(days=n)).isoformat(), 0)
        for n in range(DAYS)
    }


async def _labeler_accuracy(session: AsyncSession, campaign_id: int) -> dict[str, int]:
    """How many labelers (with at least MIN_GOLD gold answers here) fall in each band of accuracy on gold."""
    gold = col(Assignment.counted).is_(True) & col(Assignment.gold).is_(True)
    rows = await session.execute(
        select(func.count(), func.count(case((col(Assignment.correct).is_(True), 1))))
        .join(Item, col(Item.id) == col(Assignment.item_id))
        .where(col(Item.campaign_id) == campaign_id, gold)
        .group_by(col(Assignment.account_id))
        .having(func.count() >= MIN_GOLD)
    )
    bands = dict.fromkeys(BANDS, 0)
    for answered, correct in rows:
        share = correct / answered
        bands[next(band for band, floor in zip(BANDS, FLOORS, strict=True) if share >= floor)] += 1
    return bands


DAYS = 14
MIN_GOLD = 3
BANDS = ("90–100%", "80–90%", "70–80%", "60–70%", "50–60%", "under 50%")
FLOORS = (0.9, 0.8, 0.7, 0.6, 0.5, 0.0)
