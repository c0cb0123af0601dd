"""A campaign's figures after real play, with settlement's writes made by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.clock import FixedClock
from core.errors import NotAllowed
from core.game.game import Game
from core.types import CampaignStatus, CommunityRef
from tests.integration.admin.conftest import ADMIN, make_moderator, text_campaign
from tests.integration.admin.played import played_campaign
from tests.support import user


async def test_stats_after_play(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await played_campaign(admin_game, clock, tmp_path)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    assert stats.status is CampaignStatus.ACTIVE and stats.at == clock.now()
    assert (stats.items, stats.gold_items) == (10, 2)
    assert (stats.open, stats.resolved, stats.ambiguous) == (6, 3, 1)
    assert stats.done == pytest.approx(4 / 8)
    assert stats.answers == 30  # three players, ten items each, all counted
    assert stats.label_distribution == {"bot": 2, "human": 1}
    assert (stats.active_24h, stats.active_7d) == (3, 3)
    # Gold: t0 (human) and t1 (bot); players 1 and 2 are right on both, player 3 ("bot" always) on one.
    assert (stats.gold_answers, stats.gold_correct) == (6, 5)
    assert stats.gold_accuracy == pytest.approx(5 / 6)
    assert (stats.spend_points, stats.spend_entries, stats.paid_accounts) == (21, 3, 3)
    assert len(stats.settled_by_day) == 14 and list(stats.settled_by_day)[-1] == clock.now().date().isoformat()
    assert sum(stats.labeler_accuracy.values()) == 0  # nobody has three gold answers in this campaign yet
    clock.advance(days=2)
    later = await admin_game.campaigns.stats(ADMIN, campaign)
    assert (later.active_24h, later.active_7d) == (0, 3)
    clock.advance(days=6)
    assert (await admin_game.campaigns.stats(ADMIN, campaign)).active_7d == 0


async def test_an_empty_campaigns_stats(admin_game: Game) -> None:
    campaign = await text_campaign(admin_game)
    stats = await admin_game.campaigns.stats(ADMIN, "Bots 2026")
    assert stats.campaign_id == campaign and stats.items == stats.answers == stats.spend_points == 0
    assert stats.gold_accuracy is None and stats.done == 0.0 and stats.label_distribution == {}


async def test_stats_are_for_admins_and_the_communitys_moderators(admin_game: Game) -> None:
    await make_moderator(admin_game, user(1), chat="-100")
    await make_moderator(admin_game, user(2), chat="-200")
    await admin_game.campaigns.create(
        user(1),
        name="Ours",
        kind="bot_or_not",
        question="q",
        choices="human,bot",
        community=CommunityRef("telegram", "-100"),
    )
    assert (await admin_game.campaigns.stats(user(1), "Ours")).name == "Ours"
    assert (await admin_game.campaigns.stats(ADMIN, "Ours")).name == "Ours"
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.stats(user(2), "Ours")


async def test_charts_count_settled_items_per_day(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    from datetime import timedelta

    from sqlalchemy import select, update

    from core.db.tables import Item

    campaign = await played_campaign(admin_game, clock, tmp_path)
    now = clock.now()

    async def settle_some(session):
        ids = (await session.scalars(select(Item.id).where(Item.campaign_id == campaign).order_by(Item.id))).all()
        await session.execute(update(Item).where(Item.id.in_(ids[:3])).values(resolved_at=now))
        await session.execute(update(Item).where(Item.id == ids[3]).values(resolved_at=now - timedelta(days=1)))
        await session.execute(update(Item).where(Item.id == ids[4]).values(resolved_at=now - timedelta(days=20)))

    await admin_game.deps.db.transaction(settle_some)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    days = list(stats.settled_by_day.values())
    assert days[-1] == 3 and days[-2] == 1 and sum(days) == 4  # the 20-day-old one is out of the window
    assert next(iter(stats.labeler_accuracy)) == "90–100%" and len(stats.labeler_accuracy) == 6
