"""Several languages on Telegram: the app's language picks the game's, /language changes it for good (notices
sent later too), the command menus come in every language; and the "?" button under tasks shows a campaign's
instructions without touching the task."""

from __future__ import annotations

import json

from bot.common import texts
from core.types import UserRef
from tests.e2e.telegram.conftest import World, right_answer
from tests.fakes.telegram_models import User

SHORT = "Bots repeat themselves; people wander."
LONG = ("Read the whole text before you answer. " * 8).strip()  # past the 200 characters of an alert


async def test_a_russian_app_plays_in_russian_until_language_es(world: World) -> None:
    api = world.api
    nadia = api.user("Nadia", language_code="ru")
    await world.say(nadia, "/start", replies=2)
    welcome, task = api.bot_messages(nadia)
    assert welcome.text.startswith("👋 Добро пожаловать в chatlabel!")
    assert "проверки 0/" in welcome.text  # the progress line: "checks" in Russian
    rows = [[b["text"] for b in row] for row in task.reply_markup["inline_keyboard"]]
    assert rows[-1] == ["🤷 Не знаю", "⚠️ Сломано"]
    press = await world.answer(nadia, task, right_answer(task))
    assert press.record.text.startswith(f"Твой ответ: {right_answer(task)}") and "задание №" in press.record.text
    await world.say(nadia, "/checkin")
    assert world.last(nadia).text.startswith("📅 Отметка есть! Серия: 1 день.")

    await world.say(nadia, "/language es")
    assert world.last(nadia).text == "🌐 A partir de ahora te hablo en Español."
    await world.say(nadia, "/checkin")  # the core's refusal, in the chosen language
    assert world.last(nadia).text == "Ya te registraste hoy (racha: 1). ¡Vuelve mañana!"
    # A notice queued later, delivered by the scheduler: written in the recipient's language, not the server's.
    await world.say(nadia, "/link")
    code = world.last(nadia).text.split(": ", 1)[1].split()[0]
    await world.game.link(UserRef("discord", "777", "Nadia on Discord"), code)
    await api.wait_until(lambda: any("Se acaba de vincular una cuenta de Discord" in t for t in world.texts(nadia)))
    assert api.errors == []


async def test_language_lists_the_choices_as_buttons_and_unknown_codes_change_nothing(world: World) -> None:
    api = world.api
    ana = api.user("Ana", language_code="es-419")
    await world.say(ana, "/start", replies=2)
    assert api.bot_messages(ana)[0].text.startswith("👋 ¡Te damos la bienvenida a chatlabel!")
    await world.say(ana, "/language xx")
    assert world.last(ana).text == "No hablo 'xx'. Elige uno de: en, ru, es."
    assert await world.game.language(UserRef("telegram", str(ana.id), "Ana")) is None  # refused before storing
    await world.say(ana, "/language")
    choices = world.last(ana)
    assert choices.text.startswith("🌐 Elige tu idioma:")
    assert [b["text"] for row in choices.reply_markup["inline_keyboard"] for b in row] == list(texts.LANGUAGES.values())
    await world.press(ana, choices, "English")
    assert choices.text == "🌐 From now on I speak English with you." and choices.reply_markup is None
    await world.say(ana, "/help")
    assert world.last(ana).text.startswith("Commands:\n/start — join the game")
    forged = await world.press(ana, choices, data="cl1:l:xx")  # a language the game does not speak
    assert forged.text == texts.STALE_BUTTON
    assert await world.game.language(UserRef("telegram", str(ana.id), "Ana")) == "en"


async def test_the_command_menus_are_published_in_every_language(world: World) -> None:
    menus = {}
    for key, commands in world.api.commands.items():
        scope, language = json.loads(key)
        menus[scope["type"], language] = {c["command"]: c["description"] for c in commands}
    english, russian, spanish = (menus["all_private_chats", language] for language in ("", "ru", "es"))
    assert english["play"] == "get your next task" and russian["play"] == "получить следующее задание"
    assert spanish["language"].startswith("el idioma en que te hablo")
    assert english.keys() == russian.keys() == spanish.keys()


async def test_the_question_mark_shows_the_instructions_and_leaves_the_task_open(
    admin_world: tuple[World, User],
) -> None:
    world, ada = admin_world
    api = world.api
    await world.say(ada, "/start", replies=2)
    plain = world.last(ada)
    assert "?" not in [b["text"] for b in plain.buttons]  # no instructions, no button
    admin = UserRef("telegram", str(ada.id), "Ada")
    await world.game.campaigns.update(admin, "spot-the-bot", instructions=SHORT)
    bea = api.user("Bea")
    await world.say(bea, "/start", replies=2)
    task = world.last(bea)
    assert [b["text"] for b in task.reply_markup["inline_keyboard"][-1]] == ["🤷 Not sure", "⚠️ Broken item", "?"]
    assert f"ℹ️ {SHORT}" in task.text  # shown on a player's first task of the campaign, then behind "?"
    before, edits = task.text, len(task.edits)
    shown = await world.press(bea, task, "?")
    assert shown.show_alert and shown.text == f"ℹ️ {SHORT}"
    assert len(task.edits) == edits and task.text == before and task.buttons  # the task is as it was
    press = await world.answer(bea, task, right_answer(task))  # and still answers
    assert press.record.text.startswith("Your answer:")
    assert "ℹ️" not in task.text and task.buttons[-1]["text"] == "?"

    await world.game.campaigns.update(admin, "spot-the-bot", instructions=LONG)
    task = world.last(bea)
    messages = len(api.bot_messages(bea))
    shown = await world.press(bea, task, "?", replies=1)
    assert not shown.show_alert and world.last(bea).text == f"ℹ️ {LONG}"
    assert len(api.bot_messages(bea)) == messages + 1 and task.buttons

    for forged in ("cl1:i:999999", f"cl1:i:{task.buttons[0]['callback_data'].split(':')[2]}x", "cl1:i:0"):
        refused = await world.press(bea, task, data=forged)
        assert refused.text == texts.STALE_BUTTON and not refused.show_alert
    someone_else = await world.press(ada, task, data=task.buttons[-1]["callback_data"])  # Bea's task, Ada's press
    assert someone_else.text == texts.STALE_BUTTON
    assert api.errors == []
