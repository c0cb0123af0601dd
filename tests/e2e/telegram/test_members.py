"""Members in private chats: invite link, play to the first level-up, profile, check-in, leaderboards, notices."""

from __future__ import annotations

import io

from PIL import Image

from tests.e2e.telegram.conftest import World, open_world, right_answer
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import User


async def play_to_level_up(world: World, player: User, limit: int = 40) -> list[str]:
    """Answer every task right until a "Level up" message; returns the verdicts seen (the press's toasts).

    Every press costs one call against the chat's rate limit: the task message is edited into the next one."""
    verdicts = []
    bubbles = len(world.api.bot_messages(player))
    for _ in range(limit):
        task = world.last(player)
        # The answers on one row; "not sure" and "broken item" on a row of their own.
        rows = [[b["text"] for b in row] for row in task.reply_markup["inline_keyboard"]]
        assert rows == [["Human", "Bot"], ["🤷 Not sure", "⚠️ Broken item"]]
        choice = right_answer(task)
        press = await world.answer(player, task, choice)
        assert press.record.answered and press.record.answered_after < 1
        verdicts.append(press.record.text or "")
        assert verdicts[-1].startswith(f"Your answer: {choice}")
        if any("Level up" in text for text in world.texts(player)[bubbles:]):
            # Text to a picture cannot be one edit: the old task keeps the verdict, the next comes anew.
            assert press.limited_calls == ["editMessageText", "sendMessage", "sendPhoto"]
            assert task.reply_markup is None and task.text.endswith(verdicts[-1])
            return verdicts
        assert press.calls == ["answerCallbackQuery", "editMessageText"]
        assert world.last(player) is task and task.text.startswith(verdicts[-1]) and task.buttons
        assert len(world.api.bot_messages(player)) == bubbles  # no new bubble per press
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
    assert any("✅ Right!" in v for v in verdicts)
    image_task = world.last(bob)  # the next level serves image tasks: the task card with the question as caption
    assert image_task.photo_file_id and image_task.caption.startswith("❓ Is there a cat")
    card = Image.open(io.BytesIO(api.state.file(image_task.photo_file_id).data))
    assert card.width >= 640  # the picture large enough to judge on a phone, not the 64×48 original
    press = await world.answer(bob, image_task, right_answer(image_task).replace("Human", "Yes").replace("Bot", "No"))
    assert press.calls == ["answerCallbackQuery", "editMessageMedia"]
    assert world.last(bob) is image_task and image_task.caption.startswith("Your answer:") and image_task.buttons
    await api.wait_until(lambda: any("reached the next level" in t for t in world.texts(alice)))
    assert api.errors == []


async def test_profile_checkin_top_help_link(world: World) -> None:
    api = world.api
    carol = api.user("Carol")
    await world.say(carol, "/start", replies=2)
    await world.answer(carol, world.last(carol), right_answer(world.last(carol)))
    await world.say(carol, "/profile")
    card = world.last(carol)
    assert card.photo_file_id and card.caption.startswith("👤 Carol")
    await world.say(carol, "/checkin")
    assert world.last(carol).text.startswith("📅 Checked in! Streak: 1 day")
    await world.say(carol, "/checkin")
    assert "already checked in" in world.last(carol).text
    await world.say(carol, "/top")
    board = world.last(carol)  # the leaderboard card, as on Discord, with the standings as caption
    assert board.photo_file_id and "1. Carol" in board.caption
    assert Image.open(io.BytesIO(api.state.file(board.photo_file_id).data)).width >= 640
    await world.say(carol, "/top week")
    assert world.last(carol).caption.startswith("🏆 Top players this week")
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
            await world.answer(fay, task, right_answer(task))
            assert world.last(fay) is task and task.buttons
        await world.say(fay, "/profile")
        assert "Answers: 3" in world.last(fay).caption
        assert telegram_api.errors == []


async def test_the_task_number_after_an_answer_is_what_why_takes(world: World) -> None:
    """/why is usable: every verdict names its task, and /why with that number finds the player's own answer."""
    gus = world.api.user("Gus")
    await world.say(gus, "/start", replies=2)
    task = world.last(gus)
    press = await world.answer(gus, task, right_answer(task))
    number = press.record.text.rsplit("task #", 1)[1]
    assert task.text.startswith(press.record.text)  # the number stays on the message, above the next task
    await world.say(gus, f"/why {number}")
    reply = world.last(gus).text
    assert "check with a known answer" in reply or "isn't settled yet" in reply, reply
    assert world.api.errors == []


async def test_names_cannot_reorder_or_hide_in_the_leaderboard(world: World) -> None:
    api = world.api
    mallory = api.user("\u202eyrollaM\u202c\u200b\u2066", username="mallory")
    carol = api.user("Carol")
    for player in (mallory, carol):
        await world.say(player, "/start", replies=2)
        await world.answer(player, world.last(player), right_answer(world.last(player)))
    await world.say(carol, "/top")
    board = world.last(carol).caption  # the leaderboard card's caption
    assert "yrollaM" in board and "Carol" in board
    assert not any(char in board for char in "\u202e\u202c\u200b\u2066")
    assert api.errors == []
