"""Creating and sending a batch: assign claims, check, size, sign, store, then broadcast (in that order, always).

Network calls run in worker threads between short transactions; none is made with a transaction open.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from core.game.claim_state import BatchCheck, PayoutEvent, PayoutEventKind
from wallet import batch_store
from wallet.chain import ChainClient
from wallet.chain_types import Broadcast, Receipt
from wallet.errors import BatchAlreadyPaid, BatchTooBig, ChainUnavailable, FeeCapExceeded, FeeTooLow
from wallet.packing import pack_batch
from wallet.run import Run
from wallet.transactions import SignedTx, account_address

log = logging.getLogger("chatlabel.payouts")

# Gas one Distributor payment to a fresh recipient costs (bench/payout_gas.py: 25.8k in a batch of 500) with
# the estimate's 20% margin, and the call's own overhead: how many claims a batch may hold under a block's gas
# limit (320 in a 10M block). A token whose transfer costs more is caught by the estimate, and the batch split.
GAS_PER_PAYMENT = 31_000
GAS_PER_BATCH = 60_000
# A transaction may not ask for more than this since EIP-7825 (Osaka).
TX_GAS_CAP = 2**24


def batch_limit(max_batch: int, block_gas_limit: int) -> int:
    """The most claims a batch may hold: the configured maximum, or fewer when a block could not hold them."""
    fits = (min(block_gas_limit, TX_GAS_CAP) - GAS_PER_BATCH) // GAS_PER_PAYMENT
    return max(1, min(max_batch, fits))


async def start_batch(run: Run) -> int | None:
    """Assign waiting claims to a new batch; its id, or None when nothing waits or a batch is in flight."""
    gas_limit = await asyncio.to_thread(run.client.block_gas_limit)
    limit = batch_limit(run.max_batch, gas_limit)

    async def work(session: AsyncSession) -> int | None:
        await run.fence(session)
        if await batch_store.open_batch(session) is not None:
            return None
        batch = await batch_store.assign(session, run.now(), limit, run.namespace)
        return batch.id if batch else None

    batch_id = await run.db.transaction(work)
    if batch_id is not None:
        run.fault("after_assign")
    return batch_id


async def sign_and_send(run: Run, batch_id: int, chain_batch_id: str) -> str:
    """Check, size, sign and store the batch's payout, then broadcast it; returns the step taken.

    A batch already paid on chain is confirmed; one no block can hold is split; one the check refuses, or
    whose fees the market puts above the cap, waits.
    """
    payments = await run.db.transaction(lambda s: batch_store.payments(s, batch_id))
    packed = pack_batch(payments)
    onchain_id = bytes.fromhex(chain_batch_id.removeprefix("0x"))
    total = sum(amount for _address, amount in payments)
    check = await (run.before_batch or (lambda: treasury_covers(run, total)))()
    if not check.ok:
        if (PayoutEventKind.BATCH_REFUSED, batch_id) not in run.alerted:
            event = PayoutEvent(PayoutEventKind.BATCH_REFUSED, batch=batch_id, detail=check.detail)
            await run.db.transaction(lambda s: run.on_event(s, event))
            run.alerted.add((PayoutEventKind.BATCH_REFUSED, batch_id))
        log.error("batch %s refused: %s", chain_batch_id, check.detail)
        return "refused"
    try:
        if await asyncio.to_thread(run.client.is_batch_paid, onchain_id):
            raise BatchAlreadyPaid(f"batch {chain_batch_id} is already paid")
        gas = await asyncio.to_thread(run.client.estimate_pay_batch, run.key, onchain_id, packed)
        if gas > min(await asyncio.to_thread(run.client.block_gas_limit), TX_GAS_CAP):
            raise BatchTooBig(f"batch {chain_batch_id} needs {gas} gas")
        nonce = await _nonce(run)
        signed = await asyncio.to_thread(
            run.client.sign_pay_batch, run.key, onchain_id, packed, nonce=nonce, gas=gas, fee_cap=run.fee_cap_wei
        )
    except BatchAlreadyPaid:
        # Same claims, same id: it was paid, by a transaction this database does not know (e.g. restored backup).
        log.warning("batch %s is already paid on chain; recording its claims as paid", chain_batch_id)
        await run.db.transaction(lambda s: confirm(run, s, batch_id, None))
        return "confirmed"
    except BatchTooBig:
        return await split(run, batch_id, len(payments))
    except FeeCapExceeded as exc:
        log.warning("batch %s waits: %s", chain_batch_id, exc)
        return "capped"
    run.fault("after_sign")
    await run.db.transaction(lambda s: _store(run, s, batch_id, signed))
    run.fault("after_store")
    await send(run, signed.tx_hash, signed.raw)
    return "signed"


async def treasury_covers(run: Run, total: int) -> BatchCheck:
    """The default check before a batch: the treasury on chain holds at least the batch's ``total`` units.

    One batch is in flight at a time, so nothing else is spending the treasury while this one is sent.
    """
    held = await asyncio.to_thread(run.client.treasury_balance)
    if held < total:
        return BatchCheck(ok=False, detail=f"treasury holds {held} units, the batch needs {total}")
    return BatchCheck(ok=True)


async def split(run: Run, batch_id: int, size: int) -> str:
    """Too big for a block: two batches of half the claims each (a batch of one claim cannot shrink)."""
    if size < 2:
        log.error("batch %s: one payment does not fit in a block", batch_id)
        return "too_big"

    async def work(session: AsyncSession) -> list[int]:
        await run.fence(session)
        halves = await batch_store.split(session, batch_id, run.now(), run.namespace)
        await run.on_event(session, PayoutEvent(PayoutEventKind.BATCH_SPLIT, batch=batch_id, detail=str(halves)))
        return halves

    halves = await run.db.transaction(work)
    log.warning("batch %s was too big for a block; split into %s", batch_id, halves)
    return "split"


async def _nonce(run: Run) -> int:
    """The next nonce as this database knows it, unless the payer's mined transactions are already past it."""
    owned = await run.db.transaction(batch_store.next_nonce)
    mined = await asyncio.to_thread(run.client.nonce, account_address(run.key))
    return max(owned, mined)


async def send(run: Run, tx_hash: str, raw: bytes) -> Broadcast | None:
    """Broadcast a stored transaction; safe to repeat. None when the node refused or could not be reached."""
    try:
        result = await asyncio.to_thread(run.client.broadcast, raw)
    except ChainUnavailable:
        log.warning("node unreachable while sending %s; will resend", tx_hash)
        return None
    except FeeTooLow:
        log.info("fees too low for %s; the reconciler raises them", tx_hash)
        return None
    run.fault("after_broadcast")
    if result is not Broadcast.NONCE_USED:
        await run.db.transaction(lambda s: mark_sent(run, s, tx_hash))
    log.info("payout %s: %s", tx_hash, result.value)
    return result


async def replace(run: Run, batch_id: int, raw: bytes, client: ChainClient | None = None) -> SignedTx:
    """A same-nonce replacement with fees raised at least 12.5% (under the cap): stored, then sent."""
    bumped = await asyncio.to_thread((client or run.client).bump_fees, raw, run.key, run.fee_cap_wei)
    await run.db.transaction(lambda s: _store(run, s, batch_id, bumped))
    await send(run, bumped.tx_hash, bumped.raw)
    return bumped


async def _store(run: Run, session: AsyncSession, batch_id: int, signed: SignedTx) -> None:
    await run.fence(session)
    await batch_store.record_tx(session, batch_id, signed, run.now())


async def mark_sent(run: Run, session: AsyncSession, tx_hash: str) -> None:
    await run.fence(session)
    await batch_store.mark_sent(session, tx_hash, run.now())


async def confirm(run: Run, session: AsyncSession, batch_id: int, receipt: Receipt | None) -> int:
    """Record the batch paid and report it, in one transaction; the number of claims it paid."""
    await run.fence(session)
    event = await batch_store.confirm(session, batch_id, receipt, run.now())
    if event is None:
        return 0
    await run.on_event(session, event)
    return len(event.claims)
