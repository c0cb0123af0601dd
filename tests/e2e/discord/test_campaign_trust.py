"""Campaign rights at the trust boundary on Discord: Manage Server as Discord says it now, asked again after a
short while; a member who lost it loses the server's campaigns and can be banned."""

from __future__ import annotations

import discord

from tests.e2e.discord.conftest import World
from tests.e2e.rewards_support import pack_zip
from tests.fakes.discord_payloads import FakeAttachment

NEW = {"name": "Pets", "kind": "bot_or_not", "question": "Human or bot?", "choices": "human=Human,bot=Bot"}


async def test_a_member_who_lost_manage_server_loses_campaign_rights(world: World) -> None:
    edge, clock = world.edge, world.clock
    server = edge.guild("Labelers", channels=("general",))
    owner, mod = edge.world.users[server.owner_id], edge.user("mod")
    edge.grant(server, mod, discord.Permissions(manage_guild=True))
    await edge.slash("community", user=mod, guild=server)  # the server is a community, mod its moderator
    made = await edge.slash("campaign new", NEW, user=mod, guild=server)
    assert made.text.startswith("📋 Campaign Pets (#")
    edge.grant(server, mod, discord.Permissions())  # Manage Server taken away
    clock.advance(seconds=61)
    for action in ("stats", "start"):
        refused = await edge.slash(f"campaign {action}", {"campaign": "Pets"}, user=mod, guild=server)
        assert refused.text.startswith("Only the game's admins"), action
    pack = FakeAttachment("pack.zip", pack_zip())
    refused = await edge.slash("campaign upload", {"campaign": "Pets", "pack": pack}, user=mod, guild=server)
    assert refused.text.startswith("Only the game's admins") and edge.downloads == []
    banned = await edge.slash("ban", {"member": mod}, user=owner, guild=server)
    assert "can no longer answer" in banned.text
    assert edge.violations == []


async def test_a_servers_campaigns_are_run_from_that_server(world: World) -> None:
    edge, clock = world.edge, world.clock
    server = edge.guild("Labelers", channels=("general",))
    mod = edge.user("mod")
    edge.grant(server, mod, discord.Permissions(manage_guild=True))
    await edge.slash("community", user=mod, guild=server)
    await edge.slash("campaign new", NEW, user=mod, guild=server)
    clock.advance(seconds=61)
    # In DMs the interaction carries no permissions in the server, so Discord cannot vouch for the caller there.
    refused = await edge.slash("campaign stats", {"campaign": "Pets"}, user=mod)
    assert refused.text.startswith("Only the game's admins")
    shown = await edge.slash("campaign stats", {"campaign": "Pets"}, user=mod, guild=server)
    assert ": draft" in shown.text
    assert edge.violations == []
