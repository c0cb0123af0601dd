"""Group play in a server: a moderator's /quiz answered by three members, tallies hidden until it closes;
bans, the daily quiz in the configured channel, and moderator-only commands."""

from __future__ import annotations

import discord

from tests.e2e.discord.conftest import World, slash_resolved
from tests.fakes.discord_payloads import FakeGuild, FakeUser
from tests.fakes.discord_records import SentMessage


async def test_channel_quiz_with_three_members(world: World) -> None:
    edge, clock = world.edge, world.clock
    server = edge.guild("Labelers", channels=("general", "quizzes"))
    mod = edge.user("mod")
    edge.grant(server, mod, discord.Permissions(manage_guild=True))
    alice, bob, carol = edge.user("alice"), edge.user("bob"), edge.user("carol")

    refused = await edge.slash("quiz", user=alice, guild=server, channel="quizzes")
    assert refused.message.ephemeral and "Manage Server" in refused.text and "group" not in refused.text
    posted = await edge.slash("quiz", user=mod, guild=server, channel="quizzes")
    quiz = posted.message
    assert not quiz.ephemeral and quiz in edge.messages(server.channels["quizzes"])
    assert len(quiz.custom_ids) == 2 and all(c.startswith("cl1:q:") for c in quiz.custom_ids)

    clock.advance(seconds=5)
    for user, pick in ((alice, 0), (bob, 0), (carol, 1)):
        pressed = await edge.press(quiz, quiz.custom_ids[pick], user=user)
        assert pressed.message.ephemeral and pressed.message.content.startswith("Recorded:")
    again = await edge.press(quiz, quiz.custom_ids[1], user=alice)
    assert "already answered" in again.text
    assert "Closed" not in (quiz.content or "") and len(quiz.custom_ids) == 2  # no tallies while open

    clock.advance(minutes=61)
    await world.bot.jobs.run_once()
    assert "🔒 Closed (time's up) — 3 answers" in quiz.content and quiz.custom_ids == []
    assert set(quiz.content.split("Right: ")[1].split("\n")[0].split(", ")) == {"Alice", "Bob"}  # who was right
    assert ": 2 (67%)" in quiz.content and ": 1 (33%)" in quiz.content
    board = await edge.slash("top", {"scope": "community"}, user=alice, guild=server, channel="quizzes")
    # 5 points on the server's board for those who matched the consensus (no points for answering here).
    assert "1. Alice — 5 (" in board.text and "2. Bob — 5 (" in board.text and "Carol" not in board.text, board.text
    late = await edge.press(quiz, "cl1:q:1:human", user=bob, forge=True)
    assert late.message.ephemeral and late.text == "This button is no longer valid."
    assert edge.violations == []


async def posted_quiz(world: World) -> tuple[FakeGuild, FakeUser, SentMessage]:
    """A server whose moderator posted a quiz in #quizzes; the moderator and the quiz."""
    server = world.edge.guild("Labelers", channels=("general", "quizzes"))
    mod = world.edge.user("mod")
    world.edge.grant(server, mod, discord.Permissions(manage_guild=True))
    posted = await world.edge.slash("quiz", user=mod, guild=server, channel="quizzes")
    world.clock.advance(seconds=5)
    return server, mod, posted.message


async def play_until_shown(world: World, player: FakeUser, item: str, limit: int = 40) -> bool:
    """`player` plays in DMs until they have answered "Bot" to the task showing `item` (True), or until no task is
    left for them (False: the item settled before they met it). Always "Bot", so half their checks fail and they
    stay on the first level, where the item is."""
    task = (await world.edge.slash("start", user=player)).followups[-1]
    for _ in range(limit):
        met = item in (task.content or "").split("\n")
        bot = [c for c in task.custom_ids if c.endswith(":bot")]
        if not bot:
            return False
        await world.edge.press(task, bot[0], user=player)
        if met:
            return True
    raise AssertionError(f"{item!r} was not served in {limit} tasks")


async def test_a_quiz_tallies_the_servers_answers_only(world: World) -> None:
    """Players who meet the quiz's item in their DMs are not counted in the channel quiz's tally."""
    edge = world.edge
    _, _, quiz = await posted_quiz(world)
    item = next(line for line in (quiz.content or "").split("\n") if "text number" in line)
    for name in ("alice", "bob"):
        assert (await edge.press(quiz, quiz.custom_ids[0], user=edge.user(name))).text.startswith("Recorded:")
    met = [await play_until_shown(world, edge.user(outsider), item) for outsider in ("cy", "di")]
    assert any(met), "no outsider met the quiz's item in their DMs"
    world.clock.advance(minutes=61)
    await world.bot.jobs.run_once()
    assert quiz.custom_ids == [] and "— 2 answers" in (quiz.content or ""), quiz.content
    assert ": 2 (100%)" in (quiz.content or "") and ": 0 (0%)" in (quiz.content or "")
    assert edge.violations == []


async def test_a_quiz_press_keeps_a_friends_invite_usable(world: World) -> None:
    edge = world.edge
    bob, fin = edge.user("bob"), edge.user("fin")
    await edge.slash("start", user=bob)
    code = (await edge.slash("invite", user=bob)).text.split("code:")[1].split()[0]
    _, _, quiz = await posted_quiz(world)
    assert (await edge.press(quiz, quiz.custom_ids[0], user=fin)).text.startswith("Recorded:")
    joined = await edge.slash("start", {"code": code}, user=fin)
    assert "invited by Bob" in joined.text and "already joined" not in joined.text
    assert edge.violations == []


async def test_ban_daily_quiz_and_settings(world: World) -> None:
    edge, clock = world.edge, world.clock
    server = edge.guild("Labelers", channels=("general", "daily"))
    owner = edge.world.users[server.owner_id]
    dave = edge.user("dave")
    await edge.slash("start", user=dave, guild=server)

    banned = await edge.slash("ban", {"member": dave}, user=owner, guild=server)
    assert "can no longer answer this server's tasks" in banned.text
    settings = await edge.slash("community", {"minutes": 30}, user=owner, guild=server)
    assert "Quizzes stay open: 30 min" in settings.text and settings.message.ephemeral
    chosen = await slash_resolved(edge, "quizchannel", user=owner, guild=server, channels={"channel": "daily"})
    assert "daily quiz will be posted" in chosen.text

    clock.advance(hours=3)  # past the daily quiz hour
    await world.bot.jobs.run_once()
    [daily] = edge.messages(server.channels["daily"])
    assert daily.custom_ids and "30 min" not in (daily.content or "")
    refused = await edge.press(daily, daily.custom_ids[0], user=dave)
    assert "banned" in refused.text and refused.message.ephemeral
    await world.bot.jobs.run_once()
    assert len(edge.messages(server.channels["daily"])) == 1  # once a day, however often the job runs

    await edge.slash("unban", {"member": dave}, user=owner, guild=server)
    clock.advance(seconds=5)
    accepted = await edge.press(daily, daily.custom_ids[0], user=dave)
    assert accepted.text.startswith("Recorded:")
    assert edge.violations == []
