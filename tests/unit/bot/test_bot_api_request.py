"""The Bot API client against a real local HTTP server: what it sends, and what a failing network raises."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import Bot, InputFile
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot.telegram.request import BotApiRequest

TOKEN = "123456:secret-token-never-shown"


@pytest.fixture
async def server() -> AsyncIterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    async def method(request: web.Request) -> web.Response:
        form = await request.post()
        fields = {k: (v.file.read() if isinstance(v, web.FileField) else v) for k, v in form.items()}
        seen.append({"method": request.match_info["method"], "type": request.content_type, "fields": fields})
        if request.match_info["method"] == "slow":
            await asyncio.sleep(2)
        me = {"id": 123456, "is_bot": True, "first_name": "Chatlabel", "username": "chatlabel_bot"}
        return web.json_response({"ok": True, "result": me if request.match_info["method"] == "getMe" else True})

    app = web.Application()
    app.router.add_post("/bot{token}/{method}", method)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/bot", seen
    await runner.cleanup()


async def test_parameters_are_form_encoded_as_the_library_sends_them(server: tuple[str, list[dict[str, Any]]]) -> None:
    base, seen = server
    async with Bot(TOKEN, base_url=base, request=BotApiRequest(), get_updates_request=BotApiRequest()) as bot:
        assert await bot.answer_callback_query("42", text="Recorded ✓")
    assert seen[-1]["type"] == "application/x-www-form-urlencoded"
    assert seen[-1]["fields"] == {"callback_query_id": "42", "text": "Recorded ✓"}


async def test_uploads_go_as_multipart_with_their_file_name(server: tuple[str, list[dict[str, Any]]]) -> None:
    base, seen = server
    request = BotApiRequest()
    await request.initialize()
    try:
        photo = RequestParameter.from_input("photo", InputFile(b"\x89PNG-bytes", filename="card.png"))
        data = RequestData([RequestParameter.from_input("chat_id", 7), photo])
        code, _ = await request.do_request(f"{base}{TOKEN}/sendPhoto", "POST", data)
    finally:
        await request.shutdown()
    assert code == 200
    assert seen[-1]["type"] == "multipart/form-data"
    assert seen[-1]["fields"]["chat_id"] == "7"
    assert seen[-1]["fields"]["photo"] == b"\x89PNG-bytes"


async def test_an_unreachable_api_raises_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = BotApiRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.do_request(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe", "POST")
    finally:
        await request.shutdown()
    assert TOKEN not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


async def test_a_slow_answer_times_out(server: tuple[str, list[dict[str, Any]]]) -> None:
    base, _ = server
    request = BotApiRequest()
    await request.initialize()
    try:
        with pytest.raises(TimedOut):
            await request.do_request(f"{base}{TOKEN}/slow", "POST", read_timeout=0.2)
    finally:
        await request.shutdown()


async def test_a_call_before_initialising_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialised"):
        await BotApiRequest().do_request(f"http://127.0.0.1:1/bot{TOKEN}/getMe", "POST")
