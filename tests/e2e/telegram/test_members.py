"""Members in private chats: invite link, play to the first level-up, profile, check-in, leaderboards, notices."""

from __future__ import annotations

from tests.e2e.telegram.conftest import World, open_world, right_answer
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import User


async def play_to_level_up(world: World, player: User, limit: int = 40) -> list[str]:
    """Answer every task right until the outcome says "Level up"; returns the verdicts seen."""
    verdicts = []
    for _ in range(limit):
        task = world.last(player)
        # The answers on one row; "not sure" and "broken item" on a row of their own.
        rows = [[b["text"] for b in row] for row in task.reply_markup["inline_keyboard"]]
        assert rows == [["Human", "Bot"], ["🤷 Not sure", "⚠️ Broken item"]]
        choice = right_answer(task)
        press = await world.press(player, task, choice, replies=2)
        assert press.answered and press.answered_after < 1
        assert task.reply_markup is None and task.text.endswith(f"Your answer: {choice}")
        verdicts.append(world.api.bot_messages(player)[-2].text or "")
        if "Level up" in verdicts[-1]:
            return verdicts
    raise AssertionError(f"no level-up in {limit} answers: {verdicts[-3:]}")


async def test_invited_player_plays_to_first_level_up(world: World) -> None:
    api = world.api
    alice, bob = api.user("Alice"), api.user("Bob")
    await world.say(alice, "/start", replies=2)
    await world.say(alice, "/invite")
    link = world.last(alice).text.split("\n")[1]
    assert link.startswith("https://t.me/chatlabel_test_bot?start=ref_")
    await world.say(bob, "/start " + link.rsplit("=", 1)[1], replies=2)
    welcome = world.api.bot_messages(bob)[0].text
    assert "invited by Alice" in welcome
    verdicts = await play_to_level_up(world, bob)
    assert any(v.startswith("✅ Right!") for v in verdicts)
    image_task = world.last(bob)  # the next level serves image tasks: a photo with the question as caption
    assert image_task.photo_file_id and image_task.caption.startswith("❓ Is there a cat")
    await api.wait_until(lambda: any("reached the next level" in t for t in world.texts(alice)))
    assert api.errors == []


async def test_profile_checkin_top_help_link(world: World) -> None:
    api = world.api
    carol = api.user("Carol")
    await world.say(carol, "/start", replies=2)
    await world.press(carol, world.last(carol), right_answer(world.last(carol)), replies=2)
    await world.say(carol, "/profile")
    card = world.last(carol)
    assert card.photo_file_id and card.caption.startswith("👤 Carol")
    await world.say(carol, "/checkin")
    assert world.last(carol).text.startswith("📅 Checked in! Streak: 1 day")
    await world.say(carol, "/checkin")
    assert "already checked in" in world.last(carol).text
    await world.say(carol, "/top")
    assert "1. Carol" in world.last(carol).text
    await world.say(carol, "/top week")
    assert world.last(carol).text.startswith("🏆 Top players this week")
    await world.say(carol, "/help")
    assert "/checkin" in world.last(carol).text
    await world.say(carol, "/link")
    code = world.last(carol).text.split("\n")[0].rsplit(" ", 1)[1]
    dave = api.user("Dave")
    await world.say(dave, f"/link {code}")
    assert world.last(dave).text.startswith("🔗 Linked")
    await world.say(carol, "/play")
    assert world.last(carol).buttons
    menus = {key: [c["command"] for c in value] for key, value in api.commands.items()}
    assert any("checkin" in names for names in menus.values()) and any("quiz" in names for names in menus.values())
    assert api.errors == []


async def test_commands_before_start_and_in_groups(world: World) -> None:
    api = world.api
    erin, group = api.user("Erin"), api.group("Lounge")
    await world.say(erin, "/checkin")
    assert world.last(erin).text == "You haven't started yet: send /start first."
    api.add_bot_to_group(group, erin)
    api.group_message(group, erin, "/checkin")
    await api.wait_until(lambda: any("private chat" in text for text in world.texts(group)))
    [hint] = [text for text in world.texts(group) if "private chat" in text]  # updates run concurrently
    assert "https://t.me/chatlabel_test_bot" in hint
    assert api.errors == []


async def test_plays_on_postgresql(telegram_api: FakeTelegramApi, tmp_path, database_url: str) -> None:
    """The same first steps on both databases (the `database_url` fixture is SQLite and PostgreSQL)."""
    async with open_world(telegram_api, database_url, tmp_path) as world, world.bot():
        fay = telegram_api.user("Fay")
        await world.say(fay, "/start", replies=2)
        for _ in range(3):
            task = world.last(fay)
            await world.press(fay, task, right_answer(task), replies=2)
            assert task.reply_markup is None
        await world.say(fay, "/profile")
        assert "Answers: 3" in world.last(fay).caption
        assert telegram_api.errors == []


async def test_names_cannot_reorder_or_hide_in_the_leaderboard(world: World) -> None:
    api = world.api
    mallory = api.user("\u202eyrollaM\u202c\u200b\u2066", username="mallory")
    carol = api.user("Carol")
    for player in (mallory, carol):
        await world.say(player, "/start", replies=2)
        await world.press(player, world.last(player), right_answer(world.last(player)), replies=2)
    await world.say(carol, "/top")
    board = world.last(carol).text
    assert "yrollaM" in board and "Carol" in board
    assert not any(char in board for char in "\u202e\u202c\u200b\u2066")
    assert api.errors == []
