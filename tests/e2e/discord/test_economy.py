"""The mint repro through Discord: a server's moderator cannot make points from nowhere."""

from __future__ import annotations

import discord

from tests.e2e.discord.conftest import World


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
