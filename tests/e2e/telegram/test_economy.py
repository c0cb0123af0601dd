"""The mint repro through Telegram: a group's owner (a moderator) cannot make points from nowhere."""

from __future__ import annotations

from pathlib import Path

from core.game.money.treasury import FixedTreasury
from tests.e2e.telegram.conftest import World, open_world
from tests.e2e.telegram.test_groups import joined
from tests.fakes.telegram_api import FakeTelegramApi


async def test_a_moderator_cannot_mint_points_with_a_community_campaign(world: World) -> None:
    api = world.api
    owner, group = await joined(world)
    before = await world.game.economy.audit(10**30)

    async def says(text: str) -> str:
        count = len(world.texts(group))
        api.group_message(group, owner, text)
        await api.wait_until(lambda: len(world.texts(group)) > count)
        return world.last(group).text or world.last(group).caption or ""

    made = await says('/campaign new Mint bot_or_not "Human or bot?" human=Human,bot=Bot')
    assert made.startswith("📋 Campaign Mint (#") and "Pool: 0 points" in made
    # The repro's terms, in its order: refused at the first capped term.
    assert (
        await says("/campaign set Mint points_per_item 1000000000")
        == "points_per_item: at most 100 on a community campaign"
    )
    assert "10 points per item" in await says("/campaign set Mint points_per_item 10")
    assert await says("/campaign set Mint min_overlap 1") == "min_overlap: at least 2 on a paid campaign"
    assert (
        await says("/campaign set Mint target_confidence 0.51") == "target_confidence: at least 0.8 on a paid campaign"
    )
    assert await says("/campaign set Mint gold_rate 0") == "gold_rate: at least 0.1 on a paid campaign"
    assert (await says("/campaign fund Mint 1000")).startswith("Only the game's admins may fund pools")
    assert (await says("/campaign start Mint")).startswith("campaign 'Mint' has no items yet")
    after = await world.game.economy.audit(10**30)
    assert (after.owed, after.drawn, after.entries) == (before.owed, before.drawn, before.entries)  # nothing moved
    assert api.errors == []


async def test_earnings_show_pending_and_claimable_apart(world: World) -> None:
    api, ann = world.api, world.api.user("Ann")
    await world.say(ann, "/start", replies=2)
    await world.say(ann, "/earnings")
    shown = world.last(ann)
    assert shown.text.startswith("💰 Earned in all: 0 points · pending: 0 · claimable: 0")
    assert "No settled tasks yet" in shown.text
    assert api.errors == []


async def test_an_admin_funds_a_pool_exactly(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    ada = telegram_api.user("Ada")
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, admins_telegram=f'["{ada.id}"]') as world, world.bot():
        world.game.economy.treasury = FixedTreasury(10**30)  # far more than the test worlds promise
        await world.say(ada, '/campaign new Pets bot_or_not "Human or bot?" human=Human,bot=Bot')
        await world.say(ada, "/campaign fund Pets 2.5")
        assert world.last(ada).text == (
            "💰 Funded the pool of Pets: +250 points (2.5 tokens at 0.01 tokens per point).\n"
            "It now holds 250 points (2.5 tokens)."
        )
        await world.say(ada, "/campaign fund Pets 0.001")
        assert world.last(ada).text.startswith("0.001 tokens is not a whole number of points at 0.01 tokens per point")
        assert telegram_api.errors == []
