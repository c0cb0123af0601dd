"""What every payout step needs: the database, the chain client, the key, the rules, and this worker's lease."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.db.uow import Database
from core.game.claim_state import BatchCheck, PayoutEvent
from core.settings import Settings
from wallet import batch_store
from wallet.chain import ChainClient

GWEI = 10**9

EventSink = Callable[[AsyncSession, PayoutEvent], Awaitable[None]]
BatchGuard = Callable[[], Awaitable[BatchCheck]]
# Called with a step's name (after_assign, after_sign, after_store, after_broadcast, before_confirm); the fault
# tests pass one that kills the process there.
FaultPoint = Callable[[str], None]


def no_fault(name: str) -> None:
    """The fault point of a real run: nothing happens."""


async def _log_only(session: AsyncSession, event: PayoutEvent) -> None:
    """A sink for a run without a game (tools, benchmarks)."""
    logging.getLogger("chatlabel.payouts").info("payout event %s batch=%s", event.kind.value, event.batch)


@dataclass
class Run:
    db: Database
    client: ChainClient
    key: str  # the payout key; kept out of repr so it never reaches a log line
    settings: Settings
    clock: Clock
    holder: str  # this worker's lease name
    namespace: str = ""  # set from the chain record once it is read
    confirmations: int = 1
    on_event: EventSink = _log_only  # in the transaction that recorded the event
    before_batch: BatchGuard | None = None  # None: the treasury must cover the batch
    fault: FaultPoint = field(default=no_fault)
    # Alerts already raised by this worker, so a condition that lasts (a refused batch) alerts once, not every pass.
    alerted: set[tuple[str, int]] = field(default_factory=set)

    def __repr__(self) -> str:
        return f"Run(holder={self.holder!r}, contract={self.client.contract})"

    def now(self) -> datetime:
        return self.clock.now()

    @property
    def max_batch(self) -> int:
        return self.settings.rewards.max_batch

    @property
    def fee_cap_wei(self) -> int:
        return int(self.settings.chain.fee_cap_gwei * GWEI)

    @property
    def lease_seconds(self) -> float:
        return self.settings.chain.lease_seconds

    @property
    def recheck_blocks(self) -> int:
        return self.settings.chain.recheck_blocks

    async def fence(self, session: AsyncSession) -> None:
        """Renew this worker's lease inside the caller's transaction, or raise LeaseLost."""
        await batch_store.fence(session, self.holder, self.now(), self.lease_seconds)
