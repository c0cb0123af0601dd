"""What the game posts to a whole group (quizzes, their results, the daily quiz) is in the language most of the
group's members read; an admin's refused campaign command reads in the admin's language."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.telegram.handlers import groups
from tests.e2e.telegram.conftest import World, world_with_admin
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import Chat, User


async def russian_group(world: World, members: tuple[str, ...] = ("ru", "ru")) -> tuple[User, Chat, list[User]]:
    """Olga (whose Telegram speaks Russian, and who has played privately) adds the bot to her group."""
    api = world.api
    owner = api.user("Olga", language_code="ru")
    await world.say(owner, "/start", replies=2)
    group = api.group("Разметчики")
    api.add_bot_to_group(group, owner)
    await api.wait_until(lambda: bool(world.texts(group)))
    await api.settle()
    return owner, group, [api.user(f"Member{i}", language_code=code) for i, code in enumerate(members)]


async def test_a_russian_group_gets_its_quiz_and_results_in_russian(world: World) -> None:
    api = world.api
    owner, group, members = await russian_group(world)
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: world.last(group).buttons)
    quiz = world.last(group)
    assert "Каждый отвечает сам;" in quiz.text and "results show" not in quiz.text
    presses = [api.press(m, quiz, b["text"]) for m, b in zip(members, quiz.buttons, strict=False)]
    await api.wait_until(lambda: all(p.answered for p in presses))
    assert presses[0].text.startswith("Записано")  # each member's own confirmation, in their own language
    world.clock.advance(minutes=61)
    await world.close_quiz(quiz)  # the scheduler's job: no update, no sender to speak to
    assert "🔒 Закрыта (время вышло)" in quiz.text and "Closed" not in quiz.text
    world.clock.advance(days=1)
    await groups.post_daily(world.bot_application)
    daily = world.last(group)
    assert daily.buttons and daily.message_id != quiz.message_id and "Каждый отвечает сам;" in daily.text
    assert api.errors == []


async def test_a_group_whose_members_mostly_read_english_gets_english(world: World) -> None:
    api = world.api
    owner, group, members = await russian_group(world, members=("en", "en-GB", "pt-BR"))
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: world.last(group).buttons)
    quiz = world.last(group)
    presses = [api.press(m, quiz, "Bot") for m in members]  # three members, none reading Russian
    await api.wait_until(lambda: all(p.answered for p in presses))
    world.clock.advance(minutes=61)
    await world.close_quiz(quiz)
    assert "🔒 Closed (time's up)" in world.last(group).text
    assert api.errors == []


@pytest.fixture
async def admin_world(telegram_api: FakeTelegramApi, tmp_path: Path) -> AsyncIterator[tuple[World, User]]:
    """A Russian-speaking admin."""
    async with world_with_admin(telegram_api, tmp_path, telegram_api.user("Olga", language_code="ru")) as pair:
        yield pair


async def test_an_admin_s_refused_campaign_commands_read_in_russian(admin_world: tuple[World, User]) -> None:
    world, olga = admin_world
    await world.say(olga, '/campaign new Pets bot_or_not "Human or bot?" human=Human,bot=Bot')
    await world.say(olga, "/campaign start Pets")  # InvalidCampaign: no items yet
    assert world.last(olga).text == "в кампании 'Pets' ещё нет элементов; сначала импортируй пакет"
    await world.say(olga, "/campaign set Pets colour red")  # InvalidCampaign: not a settable field
    assert world.last(olga).text.startswith("'colour' нельзя задать;")
    await world.say(olga, "/campaign set Pets min_overlap 0")
    assert "min_overlap" in world.last(olga).text and "must" not in world.last(olga).text
    await world.say(olga, "/campaign close Pets")
    await world.say(olga, "/campaign pause Pets")  # WrongStatus
    assert world.last(olga).text == "Кампания 'Pets' сейчас в статусе «закрыта», поэтому её нельзя приостановить."
    eve = world.api.user("Eve", language_code="es")
    await world.say(eve, "/start", replies=2)
    await world.say(eve, "/campaign stats Pets")  # NotAllowed, in Spanish for a Spanish player
    assert world.last(eve).text.startswith("Solo los admins del juego")
    assert world.api.errors == []
