"""The payout service: one `tick` follows the batch in flight and starts a new one when it is time.

Scheduled by `app.serve()` every `chain.reconcile_seconds` (and every `rewards.batch_minutes` with `force`).
`python -m wallet.service once` runs a single forced tick from the environment's settings; the crash tests run
their own entry point around `once`, passing a fault point that kills the process at a named step.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import Clock, SystemClock
from core.db.uow import Database
from core.game import payout_events
from core.game.claim_state import PayoutEvent, tokens_to_units
from core.game.claims import waiting
from core.settings import Settings
from wallet import batch_store, batcher, embedded, identity, reconciler
from wallet.chain import ChainClient
from wallet.errors import ChainError, ChainReset, ChainUnavailable
from wallet.run import BatchGuard, EventSink, FaultPoint, Run, no_fault

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from wallet.node_wait import NodeWait

log = logging.getLogger("chatlabel.payouts")


class PayoutService:
    def __init__(self, run: Run, *, embedded_chain: bool = False) -> None:
        self.run = run
        self.embedded = embedded_chain
        self._lock = asyncio.Lock()  # the scheduler's two jobs share one worker
        self.reset_detail: str | None = None
        self.node_wait: NodeWait | None = None  # set when scheduled in the service; says whether payouts wait
        self.contract_checked = False  # the payout contract is known to be a Distributor

    @classmethod
    def build(
        cls,
        db: Database,
        settings: Settings,
        *,
        client: ChainClient | None = None,
        key: str | None = None,
        clock: Clock | None = None,
        embedded_chain: bool | None = None,
        on_event: EventSink | None = None,
        before_batch: BatchGuard | None = None,
        fault: FaultPoint = no_fault,
    ) -> PayoutService | None:
        """From the settings: a node by URL with the configured key, or the embedded chain. None: no payouts.

        ``on_event`` receives what the payouts report (default: the core's notices); ``before_batch`` is the
        check run before each batch (default: the treasury covers the batch); ``fault`` is called at
        each named step (the crash tests kill the process there).
        Raises ChainError when the configured contract is not a Distributor.
        """
        secret = settings.secrets.payout_key
        key = key or (secret.get_secret_value() if secret else None)
        is_embedded = (client is None and not settings.chain.rpc) if embedded_chain is None else embedded_chain
        if client is None:
            if settings.chain.rpc:
                client = ChainClient.from_url(settings.chain.rpc, timeout=settings.chain.rpc_timeout_seconds)
                client = client.at(settings.chain.contract)
            else:
                rules = settings.rewards
                units = tokens_to_units(settings.chain.dev_treasury_tokens, rules.token_decimals)
                client, key = embedded.start(key, units)
        if key is None:
            log.warning("no payout key (CHATLABEL_PAYOUT_KEY): claims are accepted but not paid")
            return None
        holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        # The embedded chain mines one block per transaction and has no reorgs: one confirmation is final.
        confirmations = 1 if is_embedded else settings.chain.confirmations
        checked = _is_distributor(client)

        async def notices(session: AsyncSession, event: PayoutEvent) -> None:
            await payout_events.record(session, event, settings, run.now())

        run = Run(
            db,
            client,
            key,
            settings,
            clock or SystemClock(),
            holder,
            confirmations=confirmations,
            on_event=on_event or notices,
            before_batch=before_batch,
            fault=fault,
        )
        service = cls(run, embedded_chain=is_embedded)
        service.contract_checked = checked
        return service

    async def tick(self, force: bool = False) -> list[str]:
        """One pass; returns the steps taken. Chain trouble is logged and retried on the next pass."""
        async with self._lock:
            run = self.run
            holder, seconds = run.holder, run.lease_seconds
            leader = await run.db.transaction(lambda s: batch_store.take_lease(s, holder, run.now(), seconds))
            if not leader:
                return ["not_leader"]
            try:
                return await self._pass(force)
            except ChainReset as exc:
                self.reset_detail = str(exc)
                log.error("payouts stopped: %s (%s)", exc.user_message, exc)
                return ["chain_reset"]
            except batch_store.LeaseLost:
                return ["lease_lost"]
            except ChainError as exc:
                log.warning("payout pass interrupted: %s", exc)
                return [f"chain_error:{type(exc).__name__}"]
            finally:
                await run.db.transaction(lambda s: batch_store.release_lease(s, run.holder))

    async def _pass(self, force: bool) -> list[str]:
        if not self.contract_checked:  # the node was away when the service was built
            await asyncio.to_thread(self.run.client.payout_token)
            self.contract_checked = True
        record = await identity.check(self.run, adopt_reset=self.embedded)
        self.run.namespace = record.namespace
        steps = await reconciler.recheck(self.run)
        # Follow the batch in flight until it settles; several steps can happen in one pass (sign, send, mine).
        for _ in range(6):
            step = await reconciler.reconcile(self.run)
            if step is None:
                break
            steps.append(step)
            if step not in ("confirmed", "retried", "signed", "split"):
                return steps
        count = await self.run.db.transaction(waiting)
        if count and (force or count >= self.run.settings.rewards.batch_trigger):
            batch_id = await batcher.start_batch(self.run)
            if batch_id is not None:
                steps.append("assigned")
                steps.append(await reconciler.reconcile(self.run) or "idle")
        return steps

    async def until_idle(self, passes: int = 20) -> list[str]:
        """Tick (forcing batches) until nothing is in flight or waiting; for start-up resumption and tests."""
        seen: list[str] = []
        for _ in range(passes):
            steps = await self.tick(force=True)
            seen += steps
            if not steps or steps[-1] in ("not_leader", "chain_reset") or steps[-1].startswith("chain_error"):
                break
            if steps[-1] in ("mined", "waiting", "capped", "resent", "bumped", "submitted", "refused", "too_big"):
                break
        return seen


def _is_distributor(client: ChainClient) -> bool:
    """Refuse (ChainError) a contract that is not a Distributor; False when the node cannot be asked yet."""
    try:
        client.payout_token()
    except ChainUnavailable:
        log.warning("the node is unreachable; the payout contract is checked on the first pass")
        return False
    return True


async def once(fault: FaultPoint = no_fault) -> list[str]:
    """One forced tick from the environment's settings (``fault``: the crash tests' entry point passes one)."""
    from core.db.engine import build_engine
    from core.db.migrate import upgrade
    from core.settings import load_settings

    settings = load_settings()
    url = settings.database.url
    default = "sqlite+aiosqlite:///var/"  # the same rule as app.database_url: relative to the data dir
    if url.startswith(default):
        url = f"sqlite+aiosqlite:///{(settings.data_dir / url.removeprefix(default)).resolve()}"
    db = Database(build_engine(url))
    try:
        await upgrade(db.engine)
        service = PayoutService.build(db, settings, fault=fault)
        return await service.tick(force=True) if service else []
    finally:
        await db.dispose()


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["once"]:
        raise SystemExit("usage: python -m wallet.service once")
    print(" ".join(asyncio.run(once())))


def build_payouts(db: Database, settings: Settings, before_batch: BatchGuard | None = None) -> PayoutService | None:
    """The payout service from the settings, or None (no key, or a contract refused: logged, payouts off)."""
    try:
        return PayoutService.build(db, settings, before_batch=before_batch)
    except ChainError as exc:
        log.error("payouts disabled: %s (%s)", exc.user_message, exc)
        return None


def schedule_payouts(scheduler: AsyncIOScheduler, service: PayoutService, settings: Settings) -> None:
    """The reconciler and the batch job. The reconciler's first run is immediate, so whatever was in flight
    when the process stopped is resumed."""
    common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 60}
    scheduler.add_job(
        service.tick,
        "interval",
        seconds=settings.chain.reconcile_seconds,
        id="payout_reconcile",
        next_run_time=datetime.now(UTC),
        **common,
    )
    scheduler.add_job(
        service.tick,
        "interval",
        minutes=settings.rewards.batch_minutes,
        kwargs={"force": True},
        id="payout_batch",
        **common,
    )
    log.info(
        "payouts to contract %s (%s chain)", service.run.client.contract, "embedded" if service.embedded else "node"
    )
