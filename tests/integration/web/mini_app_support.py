"""A Mini App over a real game, reached over HTTP as the page reaches it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx

from core.clock import FixedClock
from core.game.game import Game
from tests.fakes import telegram_web_app
from web.app import build_app
from web.mini_app import routes
from web.mini_app.auth import InitDataCheck
from web.mini_app.init_data import secret_key

MAX_AGE = 3600
STANDIN = "static/telegram-web-app-standin.js"


def mini_app(game: Game, max_age: int = MAX_AGE) -> Any:
    check = InitDataCheck(secret_key(telegram_web_app.TOKEN), max_age, game.deps.clock)
    return build_app(routes.routes(game, check, STANDIN, lambda code: f"https://t.me/chatlabel_bot?start={code}"))


class Player:
    """One Telegram user with the app open: every call carries init data Telegram signed for them."""

    def __init__(
        self, client: httpx.AsyncClient, clock: FixedClock, user_id: int, name: str = "Ada", language_code: str = "en"
    ) -> None:
        self.client, self.clock, self.user_id, self.name = client, clock, user_id, name
        self.auth_date = clock.now().timestamp()
        self.language_code = language_code  # the language of the user's Telegram app

    def headers(self, **overrides: Any) -> dict[str, str]:
        overrides.setdefault("language_code", self.language_code)
        data = telegram_web_app.init_data(
            self.user_id, self.name, auth_date=overrides.pop("auth_date", self.auth_date), **overrides
        )
        return {"authorization": f"tma {data}"}

    async def get(self, path: str, **overrides: Any) -> httpx.Response:
        return await self.client.get(f"/app/api/{path}", headers=self.headers(**overrides))

    async def post(self, path: str, body: Any = None, **overrides: Any) -> httpx.Response:
        return await self.client.post(f"/app/api/{path}", json=body or {}, headers=self.headers(**overrides))

    async def answer(self, task_id: int, choice: str) -> httpx.Response:
        return await self.post("answer", {"task_id": task_id, "choice": choice})


@asynccontextmanager
async def client_for(game: Game, max_age: int = MAX_AGE) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=mini_app(game, max_age))
    async with httpx.AsyncClient(transport=transport, base_url="http://chatlabel") as client:
        yield client
