"""A ban in a server takes effect at once: the community task a member already holds is withdrawn, not paid."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.clock import FixedClock
from core.types import UserRef
from tests.e2e.community_support import community_campaign
from tests.e2e.discord.conftest import World, running, settings_for
from tests.e2e.discord.test_play import task_of
from tests.fakes.discord_edge import DiscordEdge

ADMIN_ID = "900"


@pytest.fixture
async def world(tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge) -> AsyncIterator[World]:
    async with running(settings_for(tmp_path, sqlite_url, admins_discord=f'["{ADMIN_ID}"]'), clock, discord_edge) as w:
        yield w


async def test_the_task_in_hand_is_withdrawn_at_the_ban(world: World, tmp_path: Path) -> None:
    edge, clock = world.edge, world.clock
    server = edge.guild("Labelers", channels=("general",))
    owner, max_ = edge.world.users[server.owner_id], edge.user("max")
    await edge.slash("community", user=owner, guild=server)  # the server is a community
    await community_campaign(world.game, UserRef("discord", ADMIN_ID, "Admin"), server.id, tmp_path)
    quiz = (await edge.slash("quiz", user=owner, guild=server, channel="general")).message
    clock.advance(seconds=5)
    await edge.press(quiz, quiz.custom_ids[0], user=max_)  # answering the server's quiz makes Max a member
    held = task_of(await edge.slash("start", user=max_))
    assert "can no longer answer" in (await edge.slash("ban", {"member": max_}, user=owner, guild=server)).text
    clock.advance(seconds=5)
    refused = await edge.press(held, held.custom_ids[0], user=max_)
    assert refused.text == "That task doesn't exist (any more). Use /play for a new one."
    assert (await edge.slash("play", user=max_)).text == "No tasks are waiting for you right now. Check back soon!"
    assert edge.violations == []
