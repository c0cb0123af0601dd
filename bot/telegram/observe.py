"""What the Telegram side records on `/metrics`: updates by kind, each Bot API call's latency, 429s."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import ContextTypes
from telegram.request import HTTPXRequest

if TYPE_CHECKING:
    from web.metrics import Metrics

POOL_SIZE = 256  # python-telegram-bot's own default for the request pool


class MeasuredRequest(HTTPXRequest):
    """The library's HTTP client, timing every Bot API call by method and counting 429s."""

    def __init__(self, metrics: Metrics) -> None:
        super().__init__(connection_pool_size=POOL_SIZE)
        self.metrics = metrics

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        started = time.perf_counter()
        code, payload = await super().do_request(url, method, *args, **kwargs)
        # The URL ends in /bot<token>/<method>: only the method is kept.
        self.metrics.platform_call("telegram", url.rsplit("/", 1)[-1], time.perf_counter() - started, code)
        return code, payload


def update_kind(update: Update) -> str:
    if update.callback_query is not None:
        return "press"
    if update.message is not None and update.message.text and update.message.text.startswith("/"):
        return "command"
    if update.my_chat_member is not None:
        return "membership"
    return "message"


async def count_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1) and lets the update through."""
    metrics = context.bot_data.get("metrics")
    if metrics is not None and isinstance(update, Update):
        metrics.update("telegram", update_kind(update))
