"""The chat opens the Mini App: the menu button and a "Play in the app" button under each task, only when the
app's public address is configured; answering in chat works as before."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.telegram.conftest import open_world, right_answer
from tests.fakes.telegram_api import FakeTelegramApi

APP_URL = "https://play.example.org/app/"


async def test_tasks_and_the_menu_open_the_app_when_its_address_is_set(
    telegram_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, mini_app_public_url=APP_URL) as world, world.bot():
        assert telegram_api.state.menu_buttons[None] == {
            "type": "web_app",
            "text": "Play",
            "web_app": {"url": APP_URL},
        }
        alice = telegram_api.user("Alice")
        await world.say(alice, "/start", replies=2)
        task = world.last(alice)
        assert [b["text"] for b in task.buttons] == [
            "Human",
            "Bot",
            "🤷 Not sure",
            "⚠️ Broken item",
            "📱 Play in the app",
        ]
        assert task.buttons[-1]["web_app"] == {"url": APP_URL}
        await world.answer(alice, task, right_answer(task))  # the task message is edited into the next task
        assert world.last(alice).buttons[-1]["web_app"] == {"url": APP_URL}  # which has the button too


async def test_no_app_buttons_without_an_address(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path) as world, world.bot():
        assert telegram_api.state.menu_buttons == {}
        alice = telegram_api.user("Alice")
        await world.say(alice, "/start", replies=2)
        assert all("web_app" not in b for b in world.last(alice).buttons)
