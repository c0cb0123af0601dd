"""Creating and sending a batch: assign claims, sign, store, then broadcast (in that order, always).

Network calls run in worker threads between short transactions; none is made with a transaction open.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy.ext.asyncio import AsyncSession

from wallet import batch_store, faults
from wallet.chain import Broadcast, ChainClient
from wallet.errors import BatchAlreadyPaid, ChainUnavailable, FeeTooLow
from wallet.packing import pack_batch
from wallet.run import Run
from wallet.transactions import SignedTx

log = logging.getLogger("chatlabel.payouts")


async def start_batch(run: Run) -> int | None:
    """Assign waiting claims to a new batch; its id, or None when nothing waits or a batch is in flight."""

    async def work(session: AsyncSession) -> int | None:
        await run.fence(session)
        if await batch_store.open_batch(session) is not None:
            return None
        batch = await batch_store.assign(session, run.now(), run.max_batch, run.namespace)
        return batch.id if batch else None

    batch_id = await run.db.transaction(work)
    if batch_id is not None:
        faults.point("after_assign")
    return batch_id


async def sign_and_send(run: Run, batch_id: int, chain_batch_id: str) -> None:
    """Sign the batch's payout, store it, then broadcast it. A batch already paid on chain is confirmed."""
    payments = await run.db.transaction(lambda s: batch_store.payments(s, batch_id))
    packed = pack_batch(payments)
    try:
        # Checks on chain that the batch is not paid, then signs; nothing is sent yet.
        signed = await asyncio.to_thread(
            run.client.sign_pay_batch, run.key, bytes.fromhex(chain_batch_id.removeprefix("0x")), packed
        )
    except BatchAlreadyPaid:
        # Same claims, same id: it was paid, by a transaction this database does not know (e.g. restored backup).
        log.warning("batch %s is already paid on chain; recording its claims as paid", chain_batch_id)
        await run.db.transaction(lambda s: _confirm_unknown(run, s, batch_id))
        return
    faults.point("after_sign")
    await run.db.transaction(lambda s: _store(run, s, batch_id, signed))
    faults.point("after_store")
    await send(run, signed.tx_hash, signed.raw)


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
    faults.point("after_broadcast")
    if result is not Broadcast.NONCE_USED:
        await run.db.transaction(lambda s: _sent(run, s, tx_hash))
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


async def _sent(run: Run, session: AsyncSession, tx_hash: str) -> None:
    await run.fence(session)
    await batch_store.mark_sent(session, tx_hash, run.now())


async def _confirm_unknown(run: Run, session: AsyncSession, batch_id: int) -> None:
    await run.fence(session)
    await batch_store.confirm(session, batch_id, None, run.now(), run.settings)
