"""The fake Bot API delivers updates as Telegram does: long polling, one poller at a time, or a webhook."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import Conflict
from telegram.ext import ApplicationBuilder

from tests.fakes.telegram_api import FakeTelegramApi
from tests.unit.fakes.telegram_support import KEYBOARD, build


async def test_start_press_edit_over_http(telegram_api: FakeTelegramApi) -> None:
    app = build(telegram_api)
    alice = telegram_api.user("Alice")
    async with app:
        await app.bot.set_my_commands([("start", "Begin the game")])
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        telegram_api.command(alice, "/start ref_abc")
        await telegram_api.settle()
        [_, quiz] = telegram_api.messages(alice)
        assert quiz.text == "Hi ref_abc"
        assert quiz.entities == [{"type": "bold", "offset": 0, "length": 2}]
        assert [b["text"] for b in quiz.buttons] == ["Bot", "Human"]

        press = telegram_api.press(alice, quiz, "Human")
        await telegram_api.settle()
        await app.updater.stop()
        await app.stop()

    assert press.answered and press.text == "Recorded"
    assert quiz.text == "You chose hum"
    assert quiz.reply_markup is None  # an edit without reply_markup removes the keyboard
    assert quiz.edits == [{"text": "Hi ref_abc", "caption": None, "reply_markup": KEYBOARD.to_dict()}]
    assert telegram_api.errors == []
    assert [c["command"] for c in telegram_api.commands['[{"type": "default"}, ""]']] == ["start"]
    assert telegram_api.state.pending == []  # the stop confirmed every update


async def test_process_update_unit_level(telegram_api: FakeTelegramApi) -> None:
    app = build(telegram_api)
    bob = telegram_api.user("Bob")
    async with app:
        telegram_api.command(bob, "/start")
        [update] = await app.bot.get_updates()
        await app.process_update(update)
    assert telegram_api.bot_messages(bob)[0].text == "Hi -"


async def test_second_poller_gets_conflict(telegram_api: FakeTelegramApi) -> None:
    first_bot = Bot(telegram_api.token, base_url=telegram_api.base_url)
    second_bot = Bot(telegram_api.token, base_url=telegram_api.base_url)
    async with first_bot, second_bot:
        first = asyncio.create_task(first_bot.get_updates(timeout=2))
        await asyncio.sleep(0.1)
        assert await second_bot.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first


async def test_webhook_delivery_with_secret_token(telegram_api: FakeTelegramApi) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    gus = telegram_api.user("Gus")
    app = telegram_api.configure(ApplicationBuilder()).build()
    try:
        async with app:
            assert await app.bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            with pytest.raises(Conflict, match="webhook is active"):
                await app.bot.get_updates()
            update = telegram_api.command(gus, "/start web")
            await telegram_api.wait_until(lambda: received)
    finally:
        await runner.cleanup()
    [(secret, body)] = received
    assert secret == "s3cret" and body["message"]["message_id"] == update.message_id
    assert telegram_api.state.pending == []
