"""Following the batch in flight until it is paid (K confirmations) or known never to pay (then requeued).

Decided from the chain each pass, never from what this process remembers, so a restart resumes anywhere:
- a receipt of any of the batch's stored transactions (the original or a fee bump; only one can be mined):
  wait for K confirmations, then confirmed if the contract records the batch as paid, requeued if it reverted;
- no receipt and the node does not know the newest transaction (never sent, dropped, or undone by a reorg):
  resend it as stored;
- no receipt for longer than `stuck_after_seconds`: replace it with higher fees (same nonce).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import BatchTx, PayoutBatch
from wallet import batch_store, batcher, faults
from wallet.chain import Broadcast, Receipt
from wallet.errors import FeeCapExceeded, FeeTooLow
from wallet.run import Run
from wallet.transactions import decode

log = logging.getLogger("chatlabel.payouts")


async def reconcile(run: Run) -> str | None:
    """Move the batch in flight one step; returns what happened (for logs and tests), None if none is open."""
    batch = await run.db.transaction(_open)
    if batch is None:
        return None
    if batch.status == "assigned":
        await batcher.sign_and_send(run, int(batch.id or 0), batch.chain_batch_id)
        return "signed"
    txs: list[BatchTx] = await run.db.transaction(lambda s: batch_store.transactions(s, int(batch.id or 0)))
    receipt = await _find_receipt(run, txs)
    if receipt is not None:
        return await _settle(run, batch, receipt)
    return await _push(run, batch, txs)


async def _open(session: AsyncSession) -> PayoutBatch | None:
    return await batch_store.open_batch(session)


async def _find_receipt(run: Run, txs: list[BatchTx]) -> Receipt | None:
    for tx in txs:
        receipt = await asyncio.to_thread(run.client.receipt, tx.tx_hash)
        if receipt is not None:
            return receipt
    return None


async def _settle(run: Run, batch: PayoutBatch, receipt: Receipt) -> str:
    if receipt.confirmations < run.confirmations:
        return "mined"
    batch_id = bytes.fromhex(batch.chain_batch_id.removeprefix("0x"))
    paid = await asyncio.to_thread(run.client.is_batch_paid, batch_id)
    faults.point("before_confirm")
    if receipt.succeeded and paid:
        count = await run.db.transaction(lambda s: _confirm(run, s, int(batch.id or 0), receipt))
        log.info("batch %s paid %d claims in %s", batch.chain_batch_id, count, receipt.tx_hash)
        return "confirmed"
    if paid:  # reverted, yet paid: an identical batch paid first ("batch already paid")
        await run.db.transaction(lambda s: _confirm(run, s, int(batch.id or 0), None))
        return "confirmed"
    if receipt.succeeded:  # mined, not paid: the view is mid-reorg; look again next pass
        return "mined"
    count = await run.db.transaction(lambda s: _requeue(run, s, int(batch.id or 0)))
    log.warning("batch %s reverted in %s; %d claims requeued", batch.chain_batch_id, receipt.tx_hash, count)
    return "requeued"


async def _push(run: Run, batch: PayoutBatch, txs: list[BatchTx]) -> str:
    newest = txs[0]
    known = await asyncio.to_thread(run.client.is_known, newest.tx_hash)
    if not known:
        result = await batcher.send(run, newest.tx_hash, newest.raw)
        if result is Broadcast.NONCE_USED:
            return await _nonce_taken(run, batch, newest)
        if result is not None:
            return "resent"
        # Refused as underpriced (base fee rose past its max fee): fall through to a replacement.
    elif batch.status == "signed":  # known to the node but our record of sending it was lost in a crash
        await run.db.transaction(lambda s: batcher._sent(run, s, newest.tx_hash))
    since = newest.broadcast_at or newest.created_at
    if known and run.now() - since < timedelta(seconds=run.settings.chain.stuck_after_seconds):
        return "waiting"
    try:
        bumped = await batcher.replace(run, int(batch.id or 0), newest.raw)
    except FeeCapExceeded:
        log.warning("batch %s waits: a replacement would pass the fee cap", batch.chain_batch_id)
        return "capped"
    except FeeTooLow:
        return "waiting"
    log.info("batch %s replaced with higher fees: %s", batch.chain_batch_id, bumped.tx_hash)
    return "bumped"


async def _nonce_taken(run: Run, batch: PayoutBatch, newest: BatchTx) -> str:
    """The nonce was mined but none of our transactions has a receipt: another transaction used it.

    Requeue only once it is old enough to rule out a view in the middle of a reorg, and not paid.
    """
    since = newest.broadcast_at or newest.created_at
    if run.now() - since < timedelta(seconds=run.settings.chain.stuck_after_seconds):
        return "waiting"
    paid = await asyncio.to_thread(run.client.is_batch_paid, bytes.fromhex(batch.chain_batch_id.removeprefix("0x")))
    if paid:
        return "waiting"  # ours was mined after all; its receipt will show
    sender = decode(newest.raw).sender
    if await asyncio.to_thread(run.client.nonce, sender) <= newest.nonce:
        return "waiting"
    await run.db.transaction(lambda s: _requeue(run, s, int(batch.id or 0)))
    return "requeued"


async def _confirm(run: Run, session: AsyncSession, batch_id: int, receipt: Receipt | None) -> int:
    await run.fence(session)
    return await batch_store.confirm(session, batch_id, receipt, run.now(), run.settings)


async def _requeue(run: Run, session: AsyncSession, batch_id: int) -> int:
    await run.fence(session)
    return await batch_store.requeue(session, batch_id, run.now())
