"""What every payout step needs: the database, the chain client, the key, the rules, and this worker's lease."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock
from core.db.uow import Database
from core.settings import Settings
from wallet import batch_store
from wallet.chain import ChainClient

GWEI = 10**9


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

    async def fence(self, session: AsyncSession) -> None:
        """Renew this worker's lease inside the caller's transaction, or raise LeaseLost."""
        await batch_store.fence(session, self.holder, self.now(), self.lease_seconds)
