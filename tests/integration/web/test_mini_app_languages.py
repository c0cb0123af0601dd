"""The Mini App speaks the player's language: their /language choice, else their Telegram app's (`user.language_code`
in the init data), in its page words, its messages and its refusals."""

from __future__ import annotations

from bot.common import texts
from core.clock import FixedClock
from core.game.game import Game
from core.types import UserRef
from tests.integration.web.mini_app_support import Player, client_for


def english_labels() -> dict[str, str]:
    with texts.speaking("en"):
        return dict(texts.MINI_APP_LABELS)


async def test_a_player_whose_telegram_speaks_russian_sees_the_app_in_russian(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        olga = Player(client, clock, 7001, "Olga", language_code="ru")
        opened = (await olga.post("start")).json()
        assert opened["language"] == "ru"
        labels = opened["labels"]
        assert labels["not_sure"] == "Не знаю" and labels["check_in"] != english_labels()["check_in"]
        assert set(labels) == set(english_labels())  # every word the page shows
        assert opened["message"].startswith("👋 Добро пожаловать")
        refused = await olga.post("answer", {"task_id": "x", "choice": "bot"})
        assert refused.status_code == 400 and refused.json()["error"] == "Такого номера задания нет."
        other = await olga.answer(opened["card"]["task_id"] + 10_000, "bot")  # no such task: the core's refusal
        assert other.status_code == 409
        with texts.speaking("ru"):
            assert other.json()["error"] == texts.translate(
                "That task doesn't exist (any more). Use /play for a new one."
            )
        assert "задани" in other.json()["error"]
    # Telegram's locale was kept for the notices sent later, as /start in chat keeps it.
    assert await game.language(UserRef("telegram", "7001", "Olga")) is None


async def test_the_stored_choice_wins_over_the_telegram_app_s_language(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        olga = Player(client, clock, 7002, "Olga", language_code="ru")
        assert (await olga.post("start")).json()["language"] == "ru"
        await game.set_language(UserRef("telegram", "7002", "Olga"), "es")  # /language es in chat
        again = (await olga.post("start")).json()
        assert again["language"] == "es" and again["labels"]["not_sure"] == "No lo sé"
        profile = await olga.get("profile")
        assert profile.status_code == 200
        ada = Player(client, clock, 7003, "Ada", language_code="pt-BR")  # a language the game doesn't speak
        assert (await ada.post("start")).json()["labels"] == english_labels()


async def test_a_refused_session_is_told_in_the_device_s_language(game: Game, clock: FixedClock) -> None:
    async with client_for(game) as client:
        refused = await client.post("/app/api/start", json={}, headers={"accept-language": "ru-RU,ru;q=0.9,en;q=0.8"})
        assert refused.status_code == 401 and refused.json()["error"].startswith("Не удалось проверить сеанс")
        plain = await client.post("/app/api/start", json={})
        assert "open it again" in plain.json()["error"]
