"""Is this still the chain our payouts were recorded on? Chain id, genesis hash, contract code, and whether the
last confirmed batch is still paid there (a fresh dev chain can repeat the same genesis and addresses).
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import ChainRecord, Claim, PayoutBatch
from wallet import batch_store
from wallet.chain import ChainIdentity
from wallet.errors import ChainReset
from wallet.run import Run

log = logging.getLogger("chatlabel.payouts")


async def check(run: Run, *, adopt_reset: bool) -> ChainRecord:
    """Record the chain on first use; afterwards raise ChainReset if it changed (or adopt it, for a dev chain)."""
    identity = await asyncio.to_thread(run.client.chain_identity)
    record, last_paid = await run.db.transaction(_read)
    if record is None:
        return await run.db.transaction(lambda s: _record(run, s, identity))
    problem = _difference(record, identity, run.client.contract)
    if problem is None and last_paid is not None:
        still = await asyncio.to_thread(run.client.is_batch_paid, bytes.fromhex(last_paid.removeprefix("0x")))
        problem = None if still else f"batch {last_paid} is recorded paid but the chain does not have it"
    if problem is None:
        return record
    if not adopt_reset:
        await run.db.transaction(lambda s: _flag(run, s, problem))
        raise ChainReset(problem)
    log.warning(
        "The built-in test chain starts empty each time chatlabel starts, so the test payouts of the last run "
        "are gone (they were never real tokens). Claims they paid show as 'reset'; claims not yet paid are paid "
        "on the new chain. For payouts that last, set [chain] rpc in config.toml. (%s)",
        problem,
    )
    return await run.db.transaction(lambda s: _adopt(run, s, identity, problem))


def _difference(record: ChainRecord, identity: ChainIdentity, contract: str) -> str | None:
    if record.chain_id != identity.chain_id:
        return f"chain id {identity.chain_id}, recorded {record.chain_id}"
    if record.genesis_hash != identity.genesis_hash:
        return f"genesis {identity.genesis_hash}, recorded {record.genesis_hash}"
    if record.contract != contract or record.code_hash != identity.contract_code_hash:
        return f"contract {contract} code {identity.contract_code_hash}, recorded {record.contract} {record.code_hash}"
    return None


async def _read(session: AsyncSession) -> tuple[ChainRecord | None, str | None]:
    record = await session.get(ChainRecord, 1)
    last = await session.scalar(
        select(PayoutBatch.chain_batch_id)
        .where(PayoutBatch.status == "confirmed", PayoutBatch.tx_hash.is_not(None))
        .order_by(PayoutBatch.id.desc())
        .limit(1)
    )
    return record, last


async def _record(run: Run, session: AsyncSession, identity: ChainIdentity) -> ChainRecord:
    record = ChainRecord(
        namespace=uuid.uuid4().hex,
        chain_id=identity.chain_id,
        genesis_hash=identity.genesis_hash,
        contract=run.client.contract,
        code_hash=identity.contract_code_hash,
        recorded_at=run.now(),
    )
    session.add(record)
    await session.flush()
    return record


async def _flag(run: Run, session: AsyncSession, problem: str) -> None:
    await session.execute(
        update(ChainRecord).where(ChainRecord.id == 1).values(reset_detected_at=run.now(), reset_detail=problem[:500])
    )


async def _adopt(run: Run, session: AsyncSession, identity: ChainIdentity, problem: str) -> ChainRecord:
    """Dev chain only: paid claims become "reset" (never reported paid); claims in flight are paid anew."""
    await run.fence(session)
    lost = select(PayoutBatch.id).where(PayoutBatch.status == "confirmed")
    await session.execute(update(Claim).where(Claim.batch_id.in_(lost)).values(status="reset"))
    await session.execute(update(PayoutBatch).where(PayoutBatch.status == "confirmed").values(status="reset"))
    for batch_id in await session.scalars(select(PayoutBatch.id).where(PayoutBatch.status.in_(batch_store.OPEN))):
        await batch_store.requeue(session, batch_id, run.now(), status="reset")
    record = await session.get(ChainRecord, 1)
    assert record is not None
    record.chain_id, record.genesis_hash = identity.chain_id, identity.genesis_hash
    record.contract, record.code_hash = run.client.contract, identity.contract_code_hash
    record.reset_detected_at, record.reset_detail = run.now(), problem[:500]
    return record
