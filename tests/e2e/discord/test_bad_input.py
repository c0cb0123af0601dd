"""Every bad input gets a short private answer and writes nothing; nothing a handler raises stops the bot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import discord

from bot.common import texts
from core.game.game import Game
from core.types import Prompt, UserRef
from tests.e2e.discord.conftest import World, running, settings_for, slash_resolved
from tests.e2e.discord.test_play import task_of
from tests.fakes.discord_edge import DiscordEdge


class SlowGame(Game):
    """The real game, slower than Discord's patience for its first answer."""

    async def next_task(self, user: UserRef) -> Prompt:
        await asyncio.sleep(0.3)
        return await super().next_task(user)


class BrokenGame(Game):
    """The real game with a bug in one use case."""

    async def check_in(self, user: UserRef):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug")


async def test_forged_stale_and_foreign_buttons(world: World) -> None:
    edge = world.edge
    alice, mallory = edge.user("alice"), edge.user("mallory")
    task = task_of(await edge.slash("start", user=alice))
    await edge.slash("start", user=mallory)
    before = list(task.custom_ids)

    for forged in ("cl1:a:999999:bot", "cl1:a:1:" + "x" * 90, "garbage", "cl1:q:5:human"):
        refused = await edge.press(task, forged, user=alice, forge=True)
        assert refused.message.ephemeral and refused.text == texts.STALE_BUTTON
    foreign = await edge.press(task, before[0], user=mallory)
    assert foreign.message.ephemeral and "given to someone else" in foreign.text
    assert task.custom_ids == before  # nothing was answered

    await edge.press(task, before[0], user=alice)
    stale = await edge.press(task, before[1], user=alice, forge=True)  # the buttons are gone after a press
    assert stale.text == texts.STALE_BUTTON
    assert edge.violations == []


async def test_bad_commands(world: World) -> None:
    edge = world.edge
    alice = edge.user("alice")
    assert "code" in (await edge.slash("start", {"code": "NOPE1234"}, user=alice)).text.lower()
    await edge.slash("start", user=alice)
    assert "link" in (await edge.slash("link", {"code": "BADCODE"}, user=alice)).text.lower()
    await edge.slash("checkin", user=alice)
    again = await edge.slash("checkin", user=alice)
    assert "already checked in" in again.text and again.message.ephemeral
    assert (await edge.slash("quiz", user=alice)).text == texts.NOT_IN_SERVER

    server = edge.guild("Labelers", roles=("Pros",))
    member = await slash_resolved(edge, "levelrole", user=alice, guild=server, strings={"level": "1"})
    assert member.text == texts.MODERATORS_ONLY
    owner = edge.world.users[server.owner_id]
    unknown = await slash_resolved(edge, "levelrole", user=owner, guild=server, strings={"level": "wizard"})
    assert "no such level" in unknown.text
    assert all(r.responded and r.responded_after < 3 for r in edge.interactions)
    assert edge.violations == []


async def test_missing_manage_roles_is_explained(world: World) -> None:
    edge = world.edge
    weak = edge.guild("Weak", roles=("Pros",), bot_permissions=0)
    owner = edge.world.users[weak.owner_id]
    strings, roles = {"level": "Bot spotter"}, {"role": "Pros"}
    told = await slash_resolved(edge, "levelrole", user=owner, guild=weak, strings=strings, roles=roles)
    assert "Manage Roles" in told.text
    await edge.slash("start", user=edge.user("erin"), guild=weak)  # the role cannot be given: the owner hears why
    [dm] = edge.dm_messages(owner)
    assert "Manage Roles" in dm.content
    assert [v["code"] for v in edge.violations] == [50013]


async def test_slow_core_is_deferred_and_errors_do_not_stop_the_bot(
    tmp_path: Path, sqlite_url: str, clock, discord_edge: DiscordEdge
) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path, sqlite_url, discord_defer_after_seconds="0.05")
    async with running(settings, clock, discord_edge) as world:
        edge, alice = world.edge, world.edge.user("alice")
        await edge.slash("start", user=alice)
        world.bot.game = SlowGame(world.game.deps)
        slow = await edge.slash("play", user=alice)
        assert slow.response_type == 5 and slow.message.custom_ids and slow.message.ephemeral

        world.bot.game = BrokenGame(world.game.deps)
        broken = await edge.slash("checkin", user=alice)
        assert broken.text == texts.APOLOGY and broken.message.ephemeral
        assert (await edge.slash("help", user=alice)).text.startswith("Commands:")
        assert isinstance(world.bot, discord.Client) and not world.bot.is_closed()
        assert edge.violations == []
