"""Following the batch in flight until it is paid (K confirmations) or provably not on chain (then signed anew).

Decided from the chain each pass, never from what this process remembers, so a restart resumes anywhere:
- a receipt of any of the batch's stored transactions (the original, a fee bump or an earlier nonce's): wait
  for K confirmations, then confirmed if the contract records the batch as paid, signed anew if it reverted;
- no receipt and the node does not know the newest transaction (never sent, dropped, or undone by a reorg):
  resend it as stored; if its nonce was taken by another transaction at least K blocks deep, sign it anew;
- no receipt for longer than `stuck_after_seconds`: replace it with higher fees (same nonce).
A batch signed anew keeps its claims and its on-chain id, so the contract refuses to pay it a second time.
Confirmed batches are looked up again until `recheck_blocks` deep; one a deep reorg removed is resent.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from functools import partial

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.reward_tables import BatchTx, PayoutBatch
from core.game.claim_state import BatchState, PayoutEvent, PayoutEventKind
from wallet import batch_store, batcher
from wallet.chain_types import Broadcast, Receipt
from wallet.errors import BatchTooBig, FeeCapExceeded, FeeTooLow
from wallet.run import Run
from wallet.transactions import decode

log = logging.getLogger("chatlabel.payouts")


async def reconcile(run: Run) -> str | None:
    """Move the batch in flight one step; returns what happened (for logs and tests), None if none is open."""
    batch = await run.db.transaction(batch_store.open_batch)
    if batch is None:
        return None
    if batch.status == BatchState.ASSIGNED:
        return await batcher.sign_and_send(run, int(batch.id or 0), batch.chain_batch_id)
    txs: list[BatchTx] = await run.db.transaction(lambda s: batch_store.transactions(s, int(batch.id or 0)))
    receipt = await _find_receipt(run, txs)
    if receipt is not None:
        return await _settle(run, batch, receipt)
    try:
        return await _push(run, batch, txs)
    except BatchTooBig:
        if await _ever_accepted(run, txs):
            raise  # a node accepted one of them once: it may still be mined, so the claims stay bound to it
        return await batcher.split(run, int(batch.id or 0), batch.claims)


async def _ever_accepted(run: Run, txs: list[BatchTx]) -> bool:
    """Whether a node took one of the batch's transactions (recorded, or in its pool after a crash unrecorded)."""
    if any(tx.broadcast_at is not None for tx in txs):
        return True
    for tx in txs:
        if await asyncio.to_thread(run.client.is_known, tx.tx_hash):
            return True
    return False


async def _find_receipt(run: Run, txs: list[BatchTx]) -> Receipt | None:
    """A mined transaction of the batch: the one that succeeded if any (a later one may revert as already paid)."""
    found = None
    for tx in txs:
        receipt = await asyncio.to_thread(run.client.receipt, tx.tx_hash)
        if receipt is not None and receipt.succeeded:
            return receipt
        found = found or receipt
    return found


async def _settle(run: Run, batch: PayoutBatch, receipt: Receipt) -> str:
    if receipt.confirmations < run.confirmations:
        return "mined"
    batch_id = bytes.fromhex(batch.chain_batch_id.removeprefix("0x"))
    paid = await asyncio.to_thread(run.client.is_batch_paid, batch_id)
    run.fault("before_confirm")
    if receipt.succeeded and paid:
        count = await run.db.transaction(lambda s: batcher.confirm(run, s, int(batch.id or 0), receipt))
        log.info("batch %s paid %d claims in %s", batch.chain_batch_id, count, receipt.tx_hash)
        return "confirmed"
    if paid:  # reverted, yet paid: an earlier transaction of this same batch paid first ("batch already paid")
        await run.db.transaction(lambda s: batcher.confirm(run, s, int(batch.id or 0), None))
        return "confirmed"
    if receipt.succeeded:  # mined, not paid: the view is mid-reorg; look again next pass
        return "mined"
    await run.db.transaction(lambda s: _retry(run, s, batch, f"reverted in {receipt.tx_hash}"))
    log.warning("batch %s reverted in %s; it is signed anew", batch.chain_batch_id, receipt.tx_hash)
    return "retried"


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
    elif batch.status == BatchState.SIGNED:  # known to the node but our record of sending it was lost in a crash
        await run.db.transaction(lambda s: batcher.mark_sent(run, s, newest.tx_hash))
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

    Sign anew only once that transaction is K blocks deep (a shallower reorg could still mine ours instead),
    and the batch is not paid. The new transaction pays the same on-chain id, so even a deeper reorg that
    mines the original makes the second one revert, never pay twice.
    """
    sender = decode(newest.raw).sender
    if await asyncio.to_thread(run.client.nonce, sender, False, run.confirmations) <= newest.nonce:
        return "waiting"
    paid = await asyncio.to_thread(run.client.is_batch_paid, bytes.fromhex(batch.chain_batch_id.removeprefix("0x")))
    if paid:
        return "waiting"  # ours was mined after all; its receipt will show
    await run.db.transaction(lambda s: _retry(run, s, batch, f"nonce {newest.nonce} taken by another transaction"))
    log.warning("batch %s: its nonce %d was taken; it is signed anew", batch.chain_batch_id, newest.nonce)
    return "retried"


async def _retry(run: Run, session: AsyncSession, batch: PayoutBatch, why: str) -> None:
    await run.fence(session)
    await batch_store.retry(session, int(batch.id or 0), run.now())
    await run.on_event(session, PayoutEvent(PayoutEventKind.BATCH_RETRIED, batch=batch.id, detail=why))


async def recheck(run: Run) -> list[str]:
    """Look up confirmed batches younger than `recheck_blocks`; resend the stored transaction of one that a
    reorg deeper than K removed (the database owns its nonce, so no later batch has taken it)."""
    latest = await asyncio.to_thread(run.client.block_number)
    recent = await run.db.transaction(lambda s: _recent(s, latest - run.recheck_blocks))
    steps = []
    for batch_id, chain_batch_id, tx_hash, block in recent:
        receipt = await asyncio.to_thread(run.client.receipt, tx_hash)
        if receipt is not None:
            if receipt.block_number != block:  # mined again in another block after a reorg: follow it there
                await run.db.transaction(partial(_moved, batch_id=batch_id, block=receipt.block_number))
            continue
        if await asyncio.to_thread(run.client.is_batch_paid, bytes.fromhex(chain_batch_id.removeprefix("0x"))):
            continue  # paid by another of its transactions; the record's hash is stale but nothing is owed
        raw = await run.db.transaction(partial(batch_store.stored_raw, tx_hash=tx_hash))
        if raw is None or await asyncio.to_thread(run.client.is_known, tx_hash):
            continue
        result = await batcher.send(run, tx_hash, raw)
        event = PayoutEvent(PayoutEventKind.BATCH_VANISHED, batch=batch_id, detail=f"resent: {result}", tx_hash=tx_hash)
        await run.db.transaction(partial(_report, run=run, event=event))
        log.error("confirmed batch %s is no longer on chain; resent %s (%s)", chain_batch_id, tx_hash, result)
        steps.append("vanished")
    return steps


async def _recent(session: AsyncSession, since_block: int) -> list[tuple[int, str, str, int]]:
    rows = await session.execute(
        select(
            col(PayoutBatch.id),
            col(PayoutBatch.chain_batch_id),
            col(PayoutBatch.tx_hash),
            col(PayoutBatch.block_number),
        ).where(
            col(PayoutBatch.status) == BatchState.CONFIRMED,
            col(PayoutBatch.tx_hash).is_not(None),
            col(PayoutBatch.block_number) > since_block,
        )
    )
    return [
        (batch_id, chain_batch_id, tx_hash, block)
        for batch_id, chain_batch_id, tx_hash, block in rows
        if batch_id is not None and tx_hash is not None and block is not None  # as the WHERE clause requires
    ]


async def _report(session: AsyncSession, *, run: Run, event: PayoutEvent) -> None:
    await run.on_event(session, event)


async def _moved(session: AsyncSession, batch_id: int, block: int) -> None:
    await session.execute(update(PayoutBatch).where(col(PayoutBatch.id) == batch_id).values(block_number=block))
