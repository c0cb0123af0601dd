"""What the Discord side records on `/metrics`: each REST call's latency by route, 429s and retries.

discord.py waits out 429s itself and says so only in its log; a filter on that logger counts them.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

import discord
from discord.http import Route

if TYPE_CHECKING:
    from web.metrics import Metrics

HTTP_LOGGER = "discord.http"


def measure_calls(client: discord.Client, metrics: Metrics) -> None:
    """Time every REST call the client makes (`METHOD /path/{template}`, so ids never become labels)."""
    request = client.http.request

    async def measured(route: Route, **kwargs: Any) -> Any:
        started, status = time.perf_counter(), 200
        try:
            return await request(route, **kwargs)
        except discord.HTTPException as exc:
            status = exc.status
            raise
        finally:
            metrics.platform_call("discord", f"{route.method} {route.path}", time.perf_counter() - started, status)

    client.http.request = measured  # type: ignore[method-assign]


class RateLimits(logging.Filter):
    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self.metrics = metrics

    def filter(self, record: logging.LogRecord) -> bool:
        text = str(record.msg)
        if "responded with 429" in text or "received a 429" in text:
            self.metrics.rate_limited.labels("discord").inc()
            if "Retrying" in text:
                self.metrics.retries.labels("discord").inc()
        return True


def count_rate_limits(metrics: Metrics) -> None:
    """One filter per process, counting into the latest metrics (a process has one; tests build several)."""
    logger = logging.getLogger(HTTP_LOGGER)
    for existing in logger.filters:
        if isinstance(existing, RateLimits):
            existing.metrics = metrics
            return
    logger.addFilter(RateLimits(metrics))
