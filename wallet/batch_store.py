"""The payout state machine's database steps. Each runs in its own short transaction, between network calls.

The states are `core.game.claim_state`'s. A claim keeps its batch (and on-chain batch id) once batched: a batch
that provably did not pay is signed anew under the same id, so the contract's once-per-id guard also guards
every claim. Every step first renews the caller's lease, so a worker that lost it (paused past its expiry)
writes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from core.db.results import id_column, rows_changed
from core.db.reward_tables import BatchTx, Claim, JobLease, PayoutBatch
from core.game.claim_state import OPEN_BATCH, BatchState, ClaimState, PayoutEvent, PayoutEventKind
from core.game.money import payouts
from wallet.chain_types import Receipt
from wallet.packing import derive_batch_id
from wallet.transactions import SignedTx

LEASE = "payout"
OPEN = OPEN_BATCH
# Batches whose transactions can never be mined any more: their nonces are free again.
VOID = (BatchState.SPLIT, BatchState.RESET)


class LeaseLost(Exception):
    """Another worker holds the payout lease; this one must stop writing."""


async def take_lease(session: AsyncSession, holder: str, now: datetime, seconds: float) -> bool:
    """Take or renew the lease; False while another holder's lease has not expired."""
    row = await session.scalar(select(JobLease).where(col(JobLease.name) == LEASE).with_for_update())
    if row is None:
        # Two first-ever workers race here: the loser's insert fails and the transaction is retried.
        session.add(JobLease(name=LEASE, holder=holder, expires_at=now + timedelta(seconds=seconds)))
        await session.flush()
        return True
    if row.holder != holder and row.expires_at > now:
        return False
    row.holder, row.expires_at = holder, now + timedelta(seconds=seconds)
    return True


async def release_lease(session: AsyncSession, holder: str) -> None:
    await session.execute(
        update(JobLease)
        .where(col(JobLease.name) == LEASE, col(JobLease.holder) == holder)
        .values(expires_at=datetime.fromtimestamp(0).astimezone())
    )


async def fence(session: AsyncSession, holder: str, now: datetime, seconds: float) -> None:
    if not await take_lease(session, holder, now, seconds):
        raise LeaseLost(f"payout lease held by another worker; {holder} stops")


async def open_batch(session: AsyncSession) -> PayoutBatch | None:
    """The unfinished batch, if any: one is in flight at a time, so nonces never interleave."""
    return await session.scalar(
        select(PayoutBatch).where(col(PayoutBatch.status).in_(OPEN)).order_by(col(PayoutBatch.id))
    )


async def assign(session: AsyncSession, now: datetime, limit: int, namespace: str) -> PayoutBatch | None:
    """Put up to ``limit`` pending claims, oldest first, into a new batch with its derived on-chain id."""
    pending = select(id_column(Claim.id)).where(col(Claim.status) == ClaimState.PENDING)
    pending = pending.order_by(col(Claim.id)).limit(limit)
    ids = list(await session.scalars(pending))
    if not ids:
        return None
    return await _new_batch(session, ids, now, namespace)


async def _new_batch(session: AsyncSession, ids: list[int], now: datetime, namespace: str) -> PayoutBatch:
    batch = PayoutBatch(
        chain_batch_id="0x" + derive_batch_id(ids, namespace).hex(),
        claims=len(ids),
        created_at=now,
        updated_at=now,
    )
    session.add(batch)
    await session.flush()
    moved = await session.execute(
        update(Claim)
        .where(col(Claim.id).in_(ids), col(Claim.status) == ClaimState.PENDING)
        .values(status=ClaimState.BATCHED, batch_id=batch.id)
    )
    if rows_changed(moved) != len(ids):  # cannot happen under the lease; refuse rather than pay a changed set
        raise LeaseLost("claims changed while being batched")
    return batch


async def split(session: AsyncSession, batch_id: int, now: datetime, namespace: str) -> list[int]:
    """A batch no block can hold becomes two of half its claims (new ids); only before any of it was mined."""
    of_batch = select(id_column(Claim.id)).where(col(Claim.batch_id) == batch_id).order_by(col(Claim.id))
    ids = list(await session.scalars(of_batch))
    if len(ids) < 2:
        raise ValueError("a batch of one claim cannot be split")
    await session.execute(
        update(PayoutBatch).where(col(PayoutBatch.id) == batch_id).values(status=BatchState.SPLIT, updated_at=now)
    )
    await session.execute(
        update(Claim).where(col(Claim.batch_id) == batch_id).values(status=ClaimState.PENDING, batch_id=None)
    )
    half = len(ids) // 2
    return [int((await _new_batch(session, part, now, namespace)).id or 0) for part in (ids[:half], ids[half:])]


async def next_nonce(session: AsyncSession) -> int:
    """The nonce after every transaction this database signed that can still be mined (0 if none).

    The database owns the nonce, not the node: after a reorg the node forgets a transaction, and a batch given
    that nonce would make the forgotten one unminable while its claims read paid.
    """
    live = (
        select(func.max(col(BatchTx.nonce)))
        .join(PayoutBatch, col(PayoutBatch.id) == col(BatchTx.batch_id))
        .where(col(PayoutBatch.status).not_in(VOID))
    )
    highest = await session.scalar(live)
    return 0 if highest is None else int(highest) + 1


async def payments(session: AsyncSession, batch_id: int) -> list[tuple[str, int]]:
    rows = await session.execute(
        select(col(Claim.address), col(Claim.amount)).where(col(Claim.batch_id) == batch_id).order_by(col(Claim.id))
    )
    return [(address, int(amount)) for address, amount in rows]


async def total_unpaid(session: AsyncSession) -> int:
    """Base units owed on claims not yet paid (waiting or in a batch): what the treasury must cover."""
    rows = await session.scalars(
        select(col(Claim.amount)).where(col(Claim.status).in_((ClaimState.PENDING, ClaimState.BATCHED)))
    )
    return sum(int(amount) for amount in rows)


async def record_tx(session: AsyncSession, batch_id: int, signed: SignedTx, now: datetime) -> None:
    """Store a signed transaction before anyone sends it; a crash after this can always resend it."""
    session.add(
        BatchTx(
            batch_id=batch_id,
            tx_hash=signed.tx_hash,
            raw=signed.raw,
            nonce=signed.nonce,
            max_fee=str(signed.fees.max_fee_per_gas),
            priority_fee=str(signed.fees.max_priority_fee_per_gas),
            created_at=now,
        )
    )
    await session.execute(
        update(PayoutBatch)
        .where(col(PayoutBatch.id) == batch_id, col(PayoutBatch.status) == BatchState.ASSIGNED)
        .values(status=BatchState.SIGNED, nonce=signed.nonce, updated_at=now)
    )


async def mark_sent(session: AsyncSession, tx_hash: str, now: datetime) -> None:
    tx = await session.scalar(select(BatchTx).where(col(BatchTx.tx_hash) == tx_hash))
    if tx is None:
        return
    tx.broadcast_at = now
    await session.execute(
        update(PayoutBatch)
        .where(col(PayoutBatch.id) == tx.batch_id, col(PayoutBatch.status) == BatchState.SIGNED)
        .values(status=BatchState.SUBMITTED, updated_at=now)
    )


async def stored_raw(session: AsyncSession, tx_hash: str) -> bytes | None:
    """The signed bytes of a stored transaction, to send again exactly as signed."""
    return await session.scalar(select(col(BatchTx.raw)).where(col(BatchTx.tx_hash) == tx_hash))


async def transactions(session: AsyncSession, batch_id: int) -> list[BatchTx]:
    """The batch's stored transactions, newest (highest fees, latest nonce) first."""
    return list(
        await session.scalars(select(BatchTx).where(col(BatchTx.batch_id) == batch_id).order_by(col(BatchTx.id).desc()))
    )


async def confirm(session: AsyncSession, batch_id: int, receipt: Receipt | None, now: datetime) -> PayoutEvent | None:
    """The batch is paid on chain: its claims become paid. The event names them, for the players' notices."""
    tx_hash = receipt.tx_hash if receipt else None
    batch = await session.get(PayoutBatch, batch_id)
    if batch is None or batch.status not in OPEN:
        return None
    batch.status, batch.updated_at, batch.tx_hash = BatchState.CONFIRMED, now, tx_hash
    if receipt is not None:
        batch.block_number, batch.gas_used = receipt.block_number, receipt.gas_used
    claims = list(
        await session.scalars(
            select(Claim).where(col(Claim.batch_id) == batch_id, col(Claim.status) == ClaimState.BATCHED)
        )
    )
    for claim in claims:
        claim.status, claim.paid_at, claim.tx_hash = ClaimState.PAID, now, tx_hash
    # The book moves the same claims from `claims` to `paid`, once each (a replayed confirmation moves nothing).
    await session.run_sync(payouts.mark_paid, [(int(c.id or 0), c.account_id, c.points) for c in claims], now)
    ids = tuple(int(claim.id or 0) for claim in claims)
    return PayoutEvent(PayoutEventKind.BATCH_PAID, batch=batch_id, claims=ids, tx_hash=tx_hash)


async def retry(session: AsyncSession, batch_id: int, now: datetime) -> None:
    """None of the batch's transactions can be mined any more: sign it anew, same claims and same on-chain id.

    Its stored transactions stay, so a receipt of any of them (after a reorg) still settles it.
    """
    await session.execute(
        update(PayoutBatch)
        .where(col(PayoutBatch.id) == batch_id)
        .values(status=BatchState.ASSIGNED, nonce=None, tx_hash=None, block_number=None, updated_at=now)
    )
    await reset_paid(session, col(Claim.batch_id) == batch_id, now)
    await session.execute(
        update(Claim)
        .where(col(Claim.batch_id) == batch_id, col(Claim.status).in_((ClaimState.PAID, ClaimState.RESET)))
        .values(status=ClaimState.BATCHED, paid_at=None, tx_hash=None)
    )


async def reset_paid(session: AsyncSession, which: ColumnElement[bool], now: datetime) -> int:
    """Claims (`which`) whose payment the chain no longer holds are owed again: the book moves the paid ones back
    from `paid` to `claims` (once: a claim already moved back, or never paid, moves nothing)."""
    rows = await session.execute(select(col(Claim.id), col(Claim.account_id), col(Claim.points)).where(which))
    claims = [(claim_id, account_id, points) for claim_id, account_id, points in rows if claim_id is not None]
    return int(await session.run_sync(payouts.mark_reset, claims, now))


async def forget_transactions(session: AsyncSession, batch_id: int) -> None:
    """Drop a batch's stored transactions: they were signed for a chain that is gone."""
    await session.execute(delete(BatchTx).where(col(BatchTx.batch_id) == batch_id))


async def requeue(session: AsyncSession, batch_id: int, now: datetime, status: str = BatchState.RESET) -> int:
    """Close the batch and give its claims to a later batch (a dev chain reset: nothing of it survives)."""
    await session.execute(
        update(PayoutBatch).where(col(PayoutBatch.id) == batch_id).values(status=status, updated_at=now)
    )
    moved = await session.execute(
        update(Claim)
        .where(col(Claim.batch_id) == batch_id, col(Claim.status) == ClaimState.BATCHED)
        .values(status=ClaimState.PENDING, batch_id=None)
    )
    return rows_changed(moved)
