"""Payouts wait for a node that is down at start-up: the service runs, payouts are paused and retried.

The first attempt is made at once (a healthy node is wired before the bots start); after that the chain id is
asked for again with capped exponential backoff, off the event loop, until the node answers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from wallet.errors import ChainUnavailable

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from wallet.service import PayoutService

log = logging.getLogger("chatlabel.payouts")

FIRST_RETRY_SECONDS = 2.0


def backoff(attempt: int, cap: float, first: float = FIRST_RETRY_SECONDS) -> float:
    """Seconds before retry number `attempt` (0-based): 2, 4, 8 ... never more than `cap`."""
    return min(cap, first * 2.0 ** min(attempt, 32))


class NodeWait:
    """Calls `ready(chain_id)` once the node has answered; until then payouts are paused."""

    def __init__(
        self, scheduler: AsyncIOScheduler, service: PayoutService, ready: Callable[[int], None], cap_seconds: float
    ) -> None:
        self.scheduler, self.service, self.ready, self.cap = scheduler, service, ready, cap_seconds
        self.attempts = 0
        self.status = "payouts starting"

    def start(self) -> None:
        try:
            chain_id = self.service.run.client.chain_id
        except ChainUnavailable:
            self._paused()
        else:
            self._connected(chain_id)

    async def retry(self) -> None:
        try:
            chain_id = await asyncio.to_thread(lambda: self.service.run.client.chain_id)
        except ChainUnavailable:
            self._paused()
        else:
            log.info("payouts resumed: node reachable after %d retries", self.attempts)
            self._connected(chain_id)

    def _paused(self) -> None:
        delay = backoff(self.attempts, self.cap)
        self.attempts += 1
        self.status = "payouts paused: node unreachable"
        # One line, no URL: hosted node URLs carry their API key in the path.
        log.warning("%s; retrying in %.0f s", self.status, delay)
        run_at = datetime.now(UTC) + timedelta(seconds=delay)
        # However late it runs: the first retry is due while the service is still starting its scheduler, and a
        # skipped one-off retry would leave payouts paused for good.
        self.scheduler.add_job(
            self.retry, "date", run_date=run_at, id="payout_node_wait", replace_existing=True, misfire_grace_time=None
        )

    def _connected(self, chain_id: int) -> None:
        self.status = "payouts running"
        self.ready(chain_id)
