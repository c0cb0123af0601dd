"""A new Discord user joins with a friend's invite code and plays to the first level-up, in DMs and in a server."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from core.clock import FixedClock
from tests.e2e.discord.conftest import World, running, settings_for, slash_resolved, truth
from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_records import InteractionRecord, SentMessage


def task_of(record: InteractionRecord) -> SentMessage:
    return next(m for m in reversed([record.original, *record.followups]) if m is not None and m.custom_ids)


async def play_until_level_up(world: World, user, guild=None) -> InteractionRecord:  # type: ignore[no-untyped-def]
    task = task_of(await world.edge.slash("play", user=user, guild=guild))
    for _ in range(60):
        wanted = truth(task.content or "")
        custom_id = next(c for c in task.custom_ids if c.endswith(f":{wanted}"))
        pressed = await world.edge.press(task, custom_id, user=user)
        assert pressed.responded_after is not None and pressed.responded_after < 3
        assert task.custom_ids == [] and "Your answer:" in (task.content or "")
        if "Level up!" in pressed.text:
            return pressed
        task = task_of(pressed)
    raise AssertionError("no level-up after 60 answers")


async def test_invited_player_levels_up_in_dms(world: World) -> None:
    edge = world.edge
    bob, alice = edge.user("bob"), edge.user("alice")
    refused = await edge.slash("invite", user=bob)
    assert refused.message.ephemeral and "send /start first" in refused.text
    await edge.slash("start", user=bob)
    invited = await edge.slash("invite", user=bob)
    code = invited.text.split("code:")[1].split()[0]
    assert invited.message.ephemeral and "/start code:" in invited.text

    joined = await edge.slash("start", {"code": code}, user=alice)
    assert "Welcome to chatlabel" in joined.text and "invited by Bob" in joined.text
    assert joined.followups and joined.followups[-1].custom_ids  # the first task, with its buttons
    levelled = await play_until_level_up(world, alice)
    assert "Image checker" in levelled.text
    image_task = task_of(levelled)
    assert image_task.embeds and image_task.embeds[0]["image"]["url"].startswith("attachment://")
    assert all(len(c) <= 100 for c in image_task.custom_ids)

    profile = await edge.slash("profile", user=alice)
    assert profile.message.attachments["card.png"].startswith(b"\x89PNG")
    assert "Image checker" in profile.text and profile.message.ephemeral
    await world.bot.notifier.deliver()
    assert any("reached the next level" in (m.content or "") for m in edge.dm_messages(bob))
    assert edge.violations == []


async def test_level_role_follows_the_player_in_a_server(world: World) -> None:
    edge = world.edge
    server = edge.guild("Labelers", roles=("Bot spotters", "Image checkers"))
    owner_id = server.owner_id
    mod = edge.world.users[owner_id]
    for level, role in (("bot_or_not", "Bot spotters"), ("Image checker", "Image checkers")):
        done = await slash_resolved(
            edge, "levelrole", user=mod, guild=server, strings={"level": level}, roles={"role": role}
        )
        assert done.message.ephemeral and "now get the" in done.text, done.text

    carol = edge.user("carol")
    await edge.slash("start", user=carol, guild=server)
    await play_until_level_up(world, carol, server)
    changes = [(c.role_id, c.added) for c in edge.role_changes if c.user_id == carol.id]
    spotters, checkers = server.roles["Bot spotters"], server.roles["Image checkers"]
    assert changes == [(spotters, True), (spotters, False), (checkers, True)]
    assert server.member_roles[carol.id] == {checkers}
    assert all(m.ephemeral for r in edge.interactions for m in [r.original, *r.followups] if m and m.custom_ids)
    assert edge.violations == []


async def test_names_cannot_reorder_or_hide_in_the_leaderboard(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    settings = settings_for(tmp_path, sqlite_url, points_answer="1")  # points at once, before any item settles
    async with running(settings, clock, discord_edge) as world:
        edge = world.edge
        carol = edge.user("carol")
        mallory = replace(edge.user("mallory"), global_name="\u202eyrollaM\u202c\u200b\u2066")
        edge.world.users[mallory.id] = mallory
        for player in (mallory, carol):
            task = task_of(await edge.slash("start", user=player))
            wanted = truth(task.content or "")
            await edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=player)
        board = (await edge.slash("top", user=carol)).text
        assert "yrollaM" in board and "Carol" in board
        assert not any(char in board for char in "\u202e\u202c\u200b\u2066")
        assert edge.violations == []
