"""Webhook mode: our own small HTTP endpoint, so the secret header is compared in constant time.

python-telegram-bot's built-in webhook server compares the secret with `!=`, which leaks its prefix through
timing; a forged POST with the right secret impersonates any user, admins included.
"""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web
from telegram import Update
from telegram.ext import Application, ExtBot

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few kilobytes; uploads arrive as file ids, not bytes


def authentic(request: web.Request, secret: str) -> bool:
    """The secret header matches, compared in constant time (a missing header is an empty one)."""
    sent = request.headers.get(SECRET_HEADER, "")
    return hmac.compare_digest(sent.encode(), secret.encode())


def handler(application: Application[Any, Any, Any, Any, Any, Any], secret: str) -> Any:
    async def receive(request: web.Request) -> web.Response:
        """One update from Telegram: refused unless its secret matches, then queued for the Application."""
        if not authentic(request, secret):
            return web.Response(status=403)
        if request.content_type != "application/json":
            return web.Response(status=415)
        try:
            update = Update.de_json(await request.json(), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return web.Response(status=400)
        if update is None:
            return web.Response(status=400)
        if isinstance(application.bot, ExtBot):
            application.bot.insert_callback_data(update)
        await application.update_queue.put(update)
        return web.Response(status=200)

    return receive


@asynccontextmanager
async def serving(
    application: Application[Any, Any, Any, Any, Any, Any], *, listen: str, port: int, path: str, secret: str
) -> AsyncIterator[None]:
    """Listen on `listen:port` at `path` until the block ends."""
    app = web.Application(client_max_size=MAX_UPDATE_BYTES)
    app.router.add_post("/" + path.lstrip("/"), handler(application, secret))
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, listen, port).start()
        yield
    finally:
        await runner.cleanup()
