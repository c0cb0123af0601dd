"""A small Telegram Bot API server (aiohttp, 127.0.0.1, a free port) for the real `telegram.ext.Application`.

    async with FakeTelegramApi() as api:
        app = api.configure(ApplicationBuilder()).build()
        alice = api.user("Alice")
        api.private_message(alice, "/start ref_abc")
        ...
        await api.settle()
        assert api.messages(alice)[-1].text == "..."

Requests are `POST {base_url}{token}/{method}` with form or multipart fields (non-string values JSON
encoded, files as multipart parts); answers are `{"ok": true, "result": ...}` or
`{"ok": false, "error_code": ..., "description": ..., "parameters": ...}` (#making-requests).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from typing import Any, Self, TypeVar

import aiohttp
import pytest
from aiohttp import web

from tests.fakes.telegram_methods import BotMethods, Uploads
from tests.fakes.telegram_models import (
    CallbackRecord,
    Chat,
    Clock,
    RateLimits,
    RequestRecord,
    StoredMessage,
    User,
)
from tests.fakes.telegram_rules import ApiError, bad_request
from tests.fakes.telegram_state import TelegramState
from tests.fakes.telegram_updates import UpdateInjector

DEFAULT_TOKEN = "123456789:AAFakeTokenForTheChatlabelTestSuite00"
B = TypeVar("B")


class FakeTelegramApi:
    """The server plus everything a test needs: act as users, read what the bot did."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "chatlabel_test_bot",
        limits: RateLimits | None = None,
    ) -> None:
        self.token = token
        self.clock = Clock()
        self.limits = limits or RateLimits()
        bot = User(int(token.split(":", 1)[0]), "Chatlabel", bot_username, is_bot=True)
        self.state = TelegramState(token, bot, self.clock, self.limits)
        self.methods = BotMethods(self.state)
        self.act = UpdateInjector(self.state)
        self.port = 0
        self._runner: web.AppRunner | None = None
        self._in_flight = 0
        self._last_activity = time.monotonic()
        self._hook_queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._hook_task: asyncio.Task[None] | None = None
        self.webhook_failures: list[tuple[int, dict[str, Any]]] = []

    # --- lifecycle --------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application(client_max_size=60 * 1024 * 1024)  # uploads go up to 50 MB (#sending-files)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.state.on_update = self._hook_queue.put_nowait
        self._hook_task = asyncio.create_task(self._deliver_webhooks())

    async def stop(self) -> None:
        self.methods.closing = True
        self.state.new_update.set()  # releases a waiting long poll at once
        if self._hook_task:
            self._hook_task.cancel()
        if self._runner:
            await self._runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def configure(self, builder: B) -> B:
        """Point an `ApplicationBuilder` at this server."""
        return builder.token(self.token).base_url(self.base_url).base_file_url(self.base_file_url)  # type: ignore[attr-defined]

    # --- HTTP ---------------------------------------------------------------------------------
    async def _read(self, request: web.Request) -> tuple[dict[str, Any], Uploads]:
        params: dict[str, Any] = dict(request.query)
        uploads: Uploads = {}
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.body_exists:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    uploads[key] = (value.filename, value.content_type, value.file.read())
                else:
                    params[key] = value
        return params, uploads

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        handler = self.methods.table.get(method)
        if handler is None:
            return _error(ApiError(404, "Not Found"))
        params, uploads = await self._read(request)
        record = RequestRecord(method, params, {k: v[2] for k, v in uploads.items()}, self.clock.now())
        self.state.requests.append(record)
        busy = method != "getUpdates"
        self._in_flight += busy
        try:
            if busy and self.state.outages > 0:
                self.state.outages -= 1
                raise ApiError(502, "Bad Gateway")
            refusal = self.state.refusals.pop(method, None)
            if refusal is not None:  # a test's injected refusal: what Telegram answers for content it rejects
                raise bad_request(refusal)
            result = await handler(params, uploads)
        except ApiError as exc:
            if request.transport is None or request.transport.is_closing():
                record.abandoned = True  # the client had given up (a cancelled long poll): nobody saw it
            else:
                record.error = exc
            self._last_activity = time.monotonic()
            return _error(exc)
        finally:
            self._in_flight -= busy
        if busy or result:  # handing out updates counts too: handlers are about to run
            self._last_activity = time.monotonic()
        return web.json_response({"ok": True, "result": result})

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        path = request.match_info["path"]
        for stored in self.state.files.values():
            if stored.file_path == path:
                return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")
        return _error(ApiError(404, "Not Found"))

    async def _deliver_webhooks(self) -> None:
        # With a webhook set, Telegram POSTs each update as JSON, with the secret token in the
        # X-Telegram-Bot-Api-Secret-Token header (#setwebhook), over up to max_connections connections at once
        # (so several workers behind one port each get some).
        connector = aiohttp.TCPConnector(limit=100)
        async with aiohttp.ClientSession(connector=connector) as session:
            senders: set[asyncio.Task[None]] = set()
            try:
                while True:
                    update = await self._hook_queue.get()
                    hook = self.state.webhook
                    if hook is None:
                        continue
                    while len(senders) >= self.state.webhook_connections:
                        await asyncio.wait(senders, return_when=asyncio.FIRST_COMPLETED)
                    sender = asyncio.create_task(self._post_update(session, hook, update))
                    senders.add(sender)
                    sender.add_done_callback(senders.discard)
            finally:
                for sender in senders:
                    sender.cancel()

    async def _post_update(self, session: aiohttp.ClientSession, hook: dict[str, Any], update: dict[str, Any]) -> None:
        headers = {"X-Telegram-Bot-Api-Secret-Token": hook["secret_token"]} if hook["secret_token"] else {}
        self._in_flight += 1
        try:
            async with session.post(hook["url"], json=update, headers=headers) as response:
                status = response.status
        except aiohttp.ClientError:
            status = 0
        finally:
            self._in_flight -= 1
        if status == 200:
            if update in self.state.pending:
                self.state.pending.remove(update)
            self.state.delivered_up_to = max(self.state.delivered_up_to, update["update_id"])
        else:
            self.webhook_failures.append((status, update))

    # --- acting as users (see UpdateInjector) -------------------------------------------------
    def user(self, first_name: str = "Alice", **kwargs: Any) -> User:
        return self.act.user(first_name, **kwargs)

    def group(self, title: str = "Group", **kwargs: Any) -> Chat:
        return self.act.group(title, **kwargs)

    def private_message(self, user: User, text: str) -> StoredMessage:
        return self.act.private_message(user, text)

    command = private_message

    def group_message(self, chat: Chat, user: User, text: str) -> StoredMessage:
        return self.act.group_message(chat, user, text)

    def press(
        self, user: User, message: StoredMessage, button: str | None = None, *, data: str | None = None
    ) -> CallbackRecord:
        return self.act.press(user, message, button, data=data)

    def upload_document(self, user: User, data: bytes, file_name: str, **kwargs: Any) -> StoredMessage:
        return self.act.upload_document(user, data, file_name, **kwargs)

    def add_bot_to_group(self, chat: Chat, by: User, *, as_admin: bool = False) -> dict[str, Any]:
        return self.act.add_bot_to_group(chat, by, as_admin=as_admin)

    def set_member(self, chat: Chat, user: User, status: str) -> None:
        self.act.set_member(chat, user, status)

    def block(self, user: User) -> None:
        """The user blocks the bot: sending to them answers 403 from now on."""
        self.state.blocked.add(user.id)

    # --- reading state ------------------------------------------------------------------------
    def messages(self, chat: Chat | User | int) -> list[StoredMessage]:
        """The chat's messages as they are now (both sides), oldest first."""
        return self.state.history(chat if isinstance(chat, int) else chat.id)

    def bot_messages(self, chat: Chat | User | int) -> list[StoredMessage]:
        return [m for m in self.messages(chat) if m.sender.id == self.state.bot.id]

    def calls(self, method: str) -> list[dict[str, Any]]:
        """Parameters of every request to `method`, successful or not, in order."""
        return [r.params for r in self.state.requests if r.method == method]

    @property
    def requests(self) -> list[RequestRecord]:
        return self.state.requests

    @property
    def errors(self) -> list[RequestRecord]:
        """Requests Telegram would have refused; an end-to-end test usually asserts there are none."""
        return [r for r in self.state.requests if r.error is not None]

    @property
    def callbacks(self) -> list[CallbackRecord]:
        return list(self.state.callbacks.values())

    @property
    def commands(self) -> dict[str, list[dict[str, str]]]:
        return self.state.commands

    # --- waiting --------------------------------------------------------------------------------
    async def wait_until(self, predicate: Callable[[], object], timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"condition not met within {timeout}s")
            await asyncio.sleep(0.005)

    async def settle(self, quiet: float = 0.1, timeout: float = 5.0) -> None:
        """Wait until every injected update reached the bot and it made no request for `quiet` seconds."""

        def idle() -> bool:
            last = self.state.injected[-1]["update_id"] if self.state.injected else 0
            calm = time.monotonic() - self._last_activity >= quiet
            return self.state.delivered_up_to >= last and self._in_flight == 0 and calm

        await self.wait_until(idle, timeout)


def _error(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.parameters:
        body["parameters"] = exc.parameters
    return web.json_response(body, status=exc.code)


@pytest.fixture
async def telegram_api() -> AsyncIterator[FakeTelegramApi]:
    """A running fake Bot API; build the bot with `telegram_api.configure(ApplicationBuilder())`."""
    async with FakeTelegramApi() as api:
        yield api
