"""The requester API as clients meet it: the real ASGI app over HTTP (httpx), on the game's real database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.game.game import Game
from core.settings import Settings
from web import requesters
from web.app import build_app

JOB = {
    "kind": "bot_or_not",
    "name": "Spot the bot",
    "question": "Written by a human or a bot?",
    "choices": [{"key": "human", "label": "Human"}, {"key": "bot", "label": "Bot"}],
    "min_overlap": 3,
    "max_overlap": 5,
    "target_confidence": 0.9,
    "reward_per_item": 2,
}


@asynccontextmanager
async def api_client(
    game: Game, settings: Settings | None = None, key: str | None = None, limits: UploadLimits = DEFAULT_LIMITS
) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(requesters.routes(game, settings or game.deps.settings, limits))
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://chatlabel", headers=headers) as client:
        yield client


def is_problem(response: httpx.Response, status: int) -> dict[str, object]:
    """The response is an RFC 9457 problem with this status; returns its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"] and body["type"]
    return body
