"""The Telegram webhook route: the secret header compared in constant time, the update fed to the Application.

python-telegram-bot's own webhook server compares the secret with `!=`, which leaks its prefix through timing;
a forged POST with the right secret impersonates any user, admins included. Settings refuse webhook mode with
a secret under 32 characters.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from telegram import Update
from telegram.ext import Application, ExtBot

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024  # an update is a few kilobytes; uploads arrive as file ids, not bytes


def authentic(request: Request, secret: str) -> bool:
    """The secret header matches, compared in constant time (a missing header is an empty one)."""
    sent = request.headers.get(SECRET_HEADER, "")
    return hmac.compare_digest(sent.encode(), secret.encode())


def routes(application: Application[Any, Any, Any, Any, Any, Any], path: str, secret: str) -> list[Route]:
    async def receive(request: Request) -> Response:
        """One update from Telegram: refused unless its secret matches, then queued for the Application."""
        if not authentic(request, secret):
            return Response(status_code=403)
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
            return Response(status_code=415)
        if int(request.headers.get("content-length") or 0) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        body = await request.body()
        if len(body) > MAX_UPDATE_BYTES:
            return Response(status_code=413)
        try:
            update = Update.de_json(json.loads(body), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError):
            return Response(status_code=400)
        if update is None:
            return Response(status_code=400)
        if isinstance(application.bot, ExtBot):
            application.bot.insert_callback_data(update)
        await application.update_queue.put(update)
        return Response(status_code=200)

    return [Route("/" + path.lstrip("/"), receive, methods=["POST"])]
