"""The mint repro through Discord: a server's moderator cannot make points from nowhere."""

from __future__ import annotations

from pathlib import Path

import discord

from core.clock import FixedClock
from core.game.money.treasury import FixedTreasury
from tests.e2e.discord.conftest import World, running, settings_for
from tests.fakes.discord_edge import DiscordEdge


async def test_a_moderator_cannot_mint_points_with_a_community_campaign(world: World) -> None:
    edge = world.edge
    server = edge.guild("Labelers", channels=("general",))
    mod = edge.user("mod")
    edge.grant(server, mod, discord.Permissions(manage_guild=True))
    await edge.slash("quiz", user=mod, guild=server, channel="general")  # the server's moderator, as the bot sees
    before = await world.game.economy.audit(10**30)

    async def says(command: str, **options: str) -> str:
        record = await edge.slash(f"campaign {command}", options, user=mod, guild=server, channel="general")
        last = record.followups[-1] if record.followups else record.message
        assert last is not None
        return last.content or ""

    made = await says("new", name="Mint", kind="bot_or_not", question="Human or bot?", choices="human=Human,bot=Bot")
    assert made.startswith("📋 Campaign Mint (#") and "Pool: 0 points" in made
    refused = await says("set", campaign="Mint", field="points_per_item", value="1000000000")
    assert refused == "points_per_item: at most 100 on a community campaign"
    assert "10 points per item" in await says("set", campaign="Mint", field="points_per_item", value="10")
    assert (
        await says("set", campaign="Mint", field="min_overlap", value="1")
        == "min_overlap: at least 2 on a paid campaign"
    )
    confident = await says("set", campaign="Mint", field="target_confidence", value="0.51")
    assert confident == "target_confidence: at least 0.8 on a paid campaign"
    assert (
        await says("set", campaign="Mint", field="gold_rate", value="0") == "gold_rate: at least 0.1 on a paid campaign"
    )
    assert (await says("fund", campaign="Mint", tokens="1000")).startswith("Only the game's admins may fund pools")
    after = await world.game.economy.audit(10**30)
    assert (after.owed, after.drawn, after.entries) == (before.owed, before.drawn, before.entries)  # nothing moved
    assert edge.violations == []


async def test_earnings_show_pending_and_claimable_apart(world: World) -> None:
    edge, ann = world.edge, world.edge.user("ann")
    await edge.slash("start", user=ann)
    shown = await edge.slash("earnings", user=ann)
    assert shown.text.startswith("💰 Earned in all: 0 points · pending: 0 · claimable: 0")
    assert shown.message.ephemeral and "No settled tasks yet" in shown.text
    assert edge.violations == []


async def test_an_admin_funds_a_pool_exactly(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    ada = discord_edge.user("ada")
    async with running(
        settings_for(tmp_path, sqlite_url, admins_discord=f'["{ada.id}"]'), clock, discord_edge
    ) as world:
        world.game.economy.treasury = FixedTreasury(10**30)  # far more than the test worlds promise
        new = {"name": "Pets", "kind": "bot_or_not", "question": "Human or bot?", "choices": "human=Human,bot=Bot"}
        await discord_edge.slash("campaign new", new, user=ada)
        funded = await discord_edge.slash("campaign fund", {"campaign": "Pets", "tokens": "2.5"}, user=ada)
        assert funded.text == (
            "💰 Funded the pool of Pets: +250 points (2.5 tokens at 0.01 tokens per point).\n"
            "It now holds 250 points (2.5 tokens)."
        )
        odd = await discord_edge.slash("campaign fund", {"campaign": "Pets", "tokens": "0.001"}, user=ada)
        assert odd.text.startswith("0.001 tokens is not a whole number of points at 0.01 tokens per point")
        assert discord_edge.violations == []
