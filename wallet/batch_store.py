"""The payout state machine's database steps. Each runs in its own short transaction, between network calls.

Batch: assigned -> signed (a transaction stored, maybe not sent) -> submitted -> confirmed | reverted | reset.
Claim: pending -> batched -> paid; back to pending when its batch reverted unpaid; reset when the chain was.
Every step first renews the caller's lease, so a worker that lost it (paused past its expiry) writes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import BatchTx, Claim, JobLease, PayoutBatch
from core.game import notices
from core.game.claims import explorer_url, format_tokens
from core.game.money import payouts
from core.settings import Settings
from core.types import NoticeKind
from wallet.chain import Receipt
from wallet.packing import derive_batch_id
from wallet.transactions import SignedTx

LEASE = "payout"
OPEN = ("assigned", "signed", "submitted")


class LeaseLost(Exception):
    """Another worker holds the payout lease; this one must stop writing."""


async def take_lease(session: AsyncSession, holder: str, now: datetime, seconds: float) -> bool:
    """Take or renew the lease; False while another holder's lease has not expired."""
    row = await session.scalar(select(JobLease).where(JobLease.name == LEASE).with_for_update())
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
        .where(JobLease.name == LEASE, JobLease.holder == holder)
        .values(expires_at=datetime.fromtimestamp(0).astimezone())
    )


async def fence(session: AsyncSession, holder: str, now: datetime, seconds: float) -> None:
    if not await take_lease(session, holder, now, seconds):
        raise LeaseLost(f"payout lease held by another worker; {holder} stops")


async def open_batch(session: AsyncSession) -> PayoutBatch | None:
    """The unfinished batch, if any: one is in flight at a time, so nonces never interleave."""
    return await session.scalar(select(PayoutBatch).where(PayoutBatch.status.in_(OPEN)).order_by(PayoutBatch.id))


async def assign(session: AsyncSession, now: datetime, limit: int, namespace: str) -> PayoutBatch | None:
    """Put up to ``limit`` pending claims, oldest first, into a new batch with its derived on-chain id."""
    ids = list(await session.scalars(select(Claim.id).where(Claim.status == "pending").order_by(Claim.id).limit(limit)))
    if not ids:
        return None
    batch = PayoutBatch(
        chain_batch_id="0x" + derive_batch_id(ids, namespace).hex(),
        claims=len(ids),
        created_at=now,
        updated_at=now,
    )
    session.add(batch)
    await session.flush()
    moved = await session.execute(
        update(Claim).where(Claim.id.in_(ids), Claim.status == "pending").values(status="batched", batch_id=batch.id)
    )
    if moved.rowcount != len(ids):  # cannot happen under the lease; refuse rather than pay a changed set
        raise LeaseLost("claims changed while being batched")
    return batch


async def payments(session: AsyncSession, batch_id: int) -> list[tuple[str, int]]:
    rows = await session.execute(
        select(Claim.address, Claim.amount).where(Claim.batch_id == batch_id).order_by(Claim.id)
    )
    return [(address, int(amount)) for address, amount in rows]


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
        .where(PayoutBatch.id == batch_id, PayoutBatch.status == "assigned")
        .values(status="signed", nonce=signed.nonce, updated_at=now)
    )


async def mark_sent(session: AsyncSession, tx_hash: str, now: datetime) -> None:
    tx = await session.scalar(select(BatchTx).where(BatchTx.tx_hash == tx_hash))
    if tx is None:
        return
    tx.broadcast_at = now
    await session.execute(
        update(PayoutBatch)
        .where(PayoutBatch.id == tx.batch_id, PayoutBatch.status == "signed")
        .values(status="submitted", updated_at=now)
    )


async def transactions(session: AsyncSession, batch_id: int) -> list[BatchTx]:
    """The batch's stored transactions, newest (highest fees) first."""
    return list(await session.scalars(select(BatchTx).where(BatchTx.batch_id == batch_id).order_by(BatchTx.id.desc())))


async def confirm(
    session: AsyncSession, batch_id: int, receipt: Receipt | None, now: datetime, settings: Settings
) -> int:
    """The batch is paid on chain: its claims become paid and each owner gets a CLAIM_PAID notice."""
    tx_hash = receipt.tx_hash if receipt else None
    batch = await session.get(PayoutBatch, batch_id)
    if batch is None or batch.status not in OPEN:
        return 0
    batch.status, batch.updated_at, batch.tx_hash = "confirmed", now, tx_hash
    if receipt is not None:
        batch.block_number, batch.gas_used = receipt.block_number, receipt.gas_used
    claims = list(await session.scalars(select(Claim).where(Claim.batch_id == batch_id, Claim.status == "batched")))
    url = explorer_url(settings, tx_hash) or ""
    for claim in claims:
        claim.status, claim.paid_at, claim.tx_hash = "paid", now, tx_hash
        tokens = format_tokens(int(claim.amount), settings.rewards.token_decimals)
        facts = {"claim": int(claim.id or 0), "amount": tokens, "tx": tx_hash or "", "url": url}
        await notices.queue(session, claim.account_id, NoticeKind.CLAIM_PAID, facts, now)
    paid = [(int(c.id or 0), c.account_id, c.points) for c in claims]
    await session.run_sync(payouts.mark_paid, paid, now)
    return len(claims)


async def requeue(session: AsyncSession, batch_id: int, now: datetime, status: str = "reverted") -> int:
    """The batch will never pay (reverted and unpaid): close it and give its claims to a later batch."""
    await session.execute(update(PayoutBatch).where(PayoutBatch.id == batch_id).values(status=status, updated_at=now))
    moved = await session.execute(
        update(Claim)
        .where(Claim.batch_id == batch_id, Claim.status == "batched")
        .values(status="pending", batch_id=None)
    )
    return int(moved.rowcount or 0)
