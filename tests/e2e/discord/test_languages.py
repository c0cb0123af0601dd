"""Several languages on Discord: the client's locale picks the game's, /language changes it for good (DMs sent
later too); and the "?" button under tasks shows a campaign's instructions privately, the task untouched."""

from __future__ import annotations

from pathlib import Path

from bot.common import callbacks, texts
from core.clock import FixedClock
from core.types import UserRef
from tests.e2e.discord.conftest import World, running, settings_for
from tests.e2e.discord.test_play import shown, task_of, truth
from tests.fakes.discord_edge import DiscordEdge

INSTRUCTIONS = "Bots repeat themselves; people wander."


async def test_a_russian_client_plays_in_russian_until_language_es(world: World) -> None:
    edge = world.edge
    olga = edge.user("olga", locale="ru")
    started = await edge.slash("start", user=olga)
    assert started.text.startswith("👋 Добро пожаловать в chatlabel!")
    task = task_of(started)
    assert [b["label"] for b in task.buttons][-2:] == ["🤷 Не знаю", "⚠️ Сломано"]
    wanted = truth(shown(task))
    pressed = await edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=olga)
    assert shown(task).startswith("Твой ответ:") and pressed.response_type == 7

    chosen = await edge.slash("language", {"code": "es"}, user=olga)
    assert chosen.text == "🌐 A partir de ahora te hablo en Español."
    await edge.slash("checkin", user=olga)
    again = await edge.slash("checkin", user=olga)  # the core's refusal, in the chosen language
    assert again.text == "Ya te registraste hoy (racha: 1). ¡Vuelve mañana!"
    code = (await edge.slash("link", user=olga)).text.split(": ", 1)[1].split()[0]
    await world.game.link(UserRef("telegram", "555", "Olga on Telegram"), code)
    await world.bot.notifier.deliver()  # a notice queued later: in the recipient's language
    assert any("Se acaba de vincular una cuenta de Telegram" in (m.content or "") for m in edge.dm_messages(olga))
    assert edge.violations == []


async def test_language_lists_the_choices_as_buttons(world: World) -> None:
    edge = world.edge
    pablo = edge.user("pablo", locale="es-ES")
    assert (await edge.slash("start", user=pablo)).text.startswith("👋 ¡Te damos la bienvenida a chatlabel!")
    refused = await edge.slash("language", {"code": "xx"}, user=pablo)
    assert refused.text == "No hablo 'xx'. Elige uno de: en, ru, es."
    listed = await edge.slash("language", user=pablo)
    choices = listed.message
    assert choices is not None and choices.content.startswith("🌐 Elige tu idioma:")
    assert [b["label"] for b in choices.buttons] == list(texts.LANGUAGES.values())
    pressed = await edge.press(choices, callbacks.language("ru"), user=pablo)
    assert pressed.response_type == 7 and choices.content == "🌐 Теперь я говорю с тобой на языке: Русский."
    assert choices.buttons == []
    assert (await edge.slash("help", user=pablo)).text.startswith("Команды:\n/start — войти в игру")
    forged = await edge.press(choices, "cl1:l:xx", user=pablo, forge=True)
    assert forged.text == "Эта кнопка больше не действует."


async def test_the_question_mark_shows_the_instructions_privately(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    edge = discord_edge
    ada, bea = edge.user("ada"), edge.user("bea")
    async with running(settings_for(tmp_path, sqlite_url, admins_discord=f'["{ada.id}"]'), clock, edge) as world:
        plain = task_of(await edge.slash("start", user=ada))
        assert "?" not in [b["label"] for b in plain.buttons]
        admin = UserRef("discord", str(ada.id), "ada")
        await world.game.campaigns.update(admin, "spot-the-bot", instructions=INSTRUCTIONS)
        task = task_of(await edge.slash("start", user=bea))
        assert [b["label"] for b in task.buttons][-3:] == ["🤷 Not sure", "⚠️ Broken item", "?"]
        assert f"ℹ️ {INSTRUCTIONS}" in shown(task)  # shown on a player's first task of the campaign, then behind "?"
        question = next(c for c in task.custom_ids if c.startswith("cl1:i:"))
        before, edits = shown(task), len(task.edits)
        asked = await edge.press(task, question, user=bea)
        assert asked.message is not None and asked.message.ephemeral and asked.text == f"ℹ️ {INSTRUCTIONS}"
        assert shown(task) == before and len(task.edits) == edits and task.custom_ids  # the task as it was
        wanted = truth(shown(task))
        pressed = await edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=bea)
        assert pressed.response_type == 7 and shown(task).startswith("Your answer:")
        assert "ℹ️" not in shown(task) and task.buttons[-1]["label"] == "?"

        task_id = question.split(":")[2]
        for forged in ("cl1:i:999999", f"cl1:i:{task_id}0"):
            refused = await edge.press(task, forged, user=bea, forge=True)
            assert refused.text == texts.STALE_BUTTON
        current = next(c for c in task.custom_ids if c.startswith("cl1:i:"))  # Bea's next task, pressed by Ada
        assert current != question and (await edge.press(task, current, user=ada)).text == texts.STALE_BUTTON
        assert edge.violations == []


async def test_the_command_menus_carry_descriptions_in_every_language(world: World) -> None:
    synced = {command["name"]: command for command in world.edge.commands[None]}
    play = synced["play"]
    assert play["description"] == "get your next task"
    localized = play.get("description_localizations") or {}
    assert localized["ru"] == "получить следующее задание"
    assert localized["es-ES"] == localized["es-419"] == "recibir tu siguiente tarea"
    assert "name_localizations" not in play or not play["name_localizations"]  # the names stay as typed
    option = next(o for o in synced["language"]["options"] if o["name"] == "code")
    assert option["description_localizations"]["ru"].startswith("код языка")
