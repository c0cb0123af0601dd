"""The Bot API's HTTP client: aiohttp under python-telegram-bot's `BaseRequest`, timing every call for `/metrics`.

The library's own client (httpx) spends more of the bot's CPU on each call than the rest of a press together
(measured in bench/telegram.py: see the README's figures); aiohttp's connection pool and HTTP parser cost a fraction
of that. Behaviour is the library's: form-encoded parameters, multipart for uploads, its timeouts, no redirects,
proxies from the environment, and transport failures raised as `TimedOut` / `NetworkError`. Errors never carry
the URL, which holds the bot token.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:
    from web.metrics import Metrics

POOL_SIZE = 256  # python-telegram-bot's own default for its request pool
CONNECT_SECONDS = 5.0
READ_SECONDS = 5.0
WRITE_SECONDS = 5.0
MEDIA_WRITE_SECONDS = 20.0  # uploads, as the library's default


class BotApiRequest(BaseRequest):
    """One pooled aiohttp session for every Bot API call of one bot (long polls get an instance of their own)."""

    def __init__(self, metrics: Metrics | None = None, *, pool_size: int = POOL_SIZE) -> None:
        self.metrics = metrics
        self._pool_size = pool_size
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return READ_SECONDS

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size, keepalive_timeout=60)
            headers = {"User-Agent": self.USER_AGENT}
            self._session = aiohttp.ClientSession(connector=connector, headers=headers, trust_env=True)

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("the Bot API client is not initialised")
        files = request_data.multipart_data if request_data else None
        timeout = _timeout(read_timeout, write_timeout, connect_timeout, pool_timeout, uploads=bool(files))
        started = time.perf_counter()
        try:
            async with self._session.request(
                method, url, data=_body(request_data), timeout=timeout, allow_redirects=False
            ) as response:
                code, payload = response.status, await response.read()
        except TimeoutError as exc:
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            # The class name only: some aiohttp errors print the URL, and the URL holds the bot token.
            raise NetworkError(f"aiohttp.{type(exc).__name__}") from None
        if self.metrics is not None:  # the URL ends in /bot<token>/<method>: only the method is kept
            self.metrics.platform_call("telegram", url.rsplit("/", 1)[-1], time.perf_counter() - started, code)
        return code, payload


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Parameters form-encoded, as the library sends them; multipart with the files when there are uploads."""
    if request_data is None:
        return None
    fields, files = request_data.json_parameters, request_data.multipart_data
    if not files:
        return fields
    form = aiohttp.FormData(fields)
    for name, (file_name, content, mime_type) in files.items():
        form.add_field(name, content, filename=file_name, content_type=mime_type)
    return form


def _timeout(
    read: ODVInput[float],
    write: ODVInput[float],
    connect: ODVInput[float],
    pool: ODVInput[float],
    *,
    uploads: bool,
) -> aiohttp.ClientTimeout:
    """The library's four timeouts on aiohttp's: waiting for a pooled connection counts toward connecting, and
    sending the body (aiohttp has no write timeout) toward the whole call."""
    read_s = READ_SECONDS if isinstance(read, DefaultValue) else read
    write_s = (MEDIA_WRITE_SECONDS if uploads else WRITE_SECONDS) if isinstance(write, DefaultValue) else write
    connect_s = CONNECT_SECONDS if isinstance(connect, DefaultValue) else connect
    pool_s = 1.0 if isinstance(pool, DefaultValue) else pool
    parts = [read_s, write_s, connect_s, pool_s]
    total = None if any(part is None for part in parts) else sum(part for part in parts if part is not None)
    # aiohttp's `connect` includes the wait for a free pooled connection; `sock_connect` is the TCP/TLS part.
    wait = None if connect_s is None or pool_s is None else connect_s + pool_s
    return aiohttp.ClientTimeout(total=total, connect=wait, sock_connect=connect_s, sock_read=read_s)
