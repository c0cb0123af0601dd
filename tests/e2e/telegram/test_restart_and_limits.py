"""Buttons survive a restart; Telegram's 429s are waited out; webhook mode."""

from __future__ import annotations

import socket
from pathlib import Path

import aiohttp

from tests.e2e.telegram.conftest import open_world, right_answer
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import RateLimits

WEBHOOK_SECRET = "k3Zt9_Qm2-XwLp7Rv4Ns8Yb1Hd6Fg0Jc5Ue"


async def test_old_button_works_after_restart(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    api = telegram_api
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(api, url, tmp_path) as world:
        alice = api.user("Alice")
        async with world.bot():
            await world.say(alice, "/start", replies=2)
        task = world.last(alice)
    async with open_world(api, url, tmp_path) as world, world.bot():  # a new process over the same database
        press = await world.press(alice, task, right_answer(task), replies=2)
        assert press.answered and task.reply_markup is None and "Your answer" in task.text
        assert world.last(alice).buttons  # the next task
    assert api.errors == []


async def test_429_is_waited_out_and_retried(tmp_path: Path) -> None:
    async with FakeTelegramApi(limits=RateLimits(enabled=True)) as api:
        url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
        async with open_world(api, url, tmp_path) as world, world.bot():
            bob = api.user("Bob")
            api.private_message(bob, "/start")  # welcome and first task: two messages in one second
            await api.wait_until(lambda: len(api.bot_messages(bob)) == 2, timeout=10)
        assert [r.error.code for r in api.errors] == [429]
        assert api.bot_messages(bob)[1].buttons


async def test_webhook_mode(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hook = {
        "telegram_webhook_url": f'"http://127.0.0.1:{port}/telegram"',
        "http_port": str(port),
        "telegram_webhook_secret": WEBHOOK_SECRET,
    }
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, **hook) as world, world.bot():
        assert telegram_api.state.webhook == {
            "url": f"http://127.0.0.1:{port}/telegram",
            "secret_token": WEBHOOK_SECRET,
        }
        cid = telegram_api.user("Cid")
        await world.say(cid, "/start", replies=2)
        assert world.last(cid).buttons
        forged = await _forge_updates(f"http://127.0.0.1:{port}/telegram", telegram_api.user("Mallory").id)
        await telegram_api.settle()
        assert forged == [403, 403, 403]
        assert telegram_api.bot_messages(telegram_api.user("Mallory")) == []
    assert telegram_api.webhook_failures == []


async def _forge_updates(url: str, user_id: int) -> list[int]:
    """POSTs as an attacker who found the URL: no secret, a wrong one, the right one's prefix."""
    user = {"id": user_id, "is_bot": False, "first_name": "Mallory"}
    chat = {"id": user_id, "type": "private", "first_name": "Mallory"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": user, "text": "/start"}
    update = {"update_id": 10**6, "message": message}
    statuses = []
    async with aiohttp.ClientSession() as session:
        for headers in (
            {},
            {"X-Telegram-Bot-Api-Secret-Token": "guess"},
            {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET[:-1]},
        ):
            async with session.post(url, json=update, headers=headers) as response:
                statuses.append(response.status)
    return statuses
