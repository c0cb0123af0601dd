"""Is this still the chain our payouts were recorded on? Chain id, genesis hash, contract code, and whether the
last confirmed batch is still paid there (a fresh dev chain can repeat the same genesis and addresses).
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import id_column
from core.db.reward_tables import ChainRecord, Claim, PayoutBatch
from core.game.claim_state import BatchState, ClaimState, PayoutEvent, PayoutEventKind
from wallet import batch_store
from wallet.chain_types import ChainIdentity
from wallet.errors import ChainReset
from wallet.run import Run

log = logging.getLogger("chatlabel.payouts")


async def check(run: Run, *, adopt_reset: bool) -> ChainRecord:
    """Record the chain on first use; afterwards raise ChainReset if it changed (or adopt it, for a dev chain)."""
    record, identity, problem = await inspect(run)
    if record is None:
        return await run.db.transaction(lambda s: _record(run, s, identity))
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


async def inspect(run: Run) -> tuple[ChainRecord | None, ChainIdentity, str | None]:
    """The recorded chain, the one the client reaches, and why they differ (None: the same, as far as we see)."""
    identity = await asyncio.to_thread(run.client.chain_identity)
    # Younger batches are the reconciler's to recheck (and resend after a deep reorg); an older one gone means
    # the chain was rewound or replaced.
    latest = await asyncio.to_thread(run.client.block_number)
    record, last_paid = await run.db.transaction(lambda s: _read(s, latest - run.recheck_blocks))
    if record is None:
        return None, identity, None
    problem = _difference(record, identity, run.client.contract)
    highest = await run.db.transaction(_highest_paid_block)
    if problem is None and highest is not None and highest > latest:
        # A reorg replaces blocks; a chain now shorter than where a payout was mined was rewound (or restarted).
        problem = f"a batch is recorded paid at block {highest} but the chain is only at block {latest} (rewound)"
    if problem is None and last_paid is not None:
        still = await asyncio.to_thread(run.client.is_batch_paid, bytes.fromhex(last_paid.removeprefix("0x")))
        problem = None if still else f"batch {last_paid} is recorded paid but the chain does not have it"
    return record, identity, problem


async def adopt(run: Run, session: AsyncSession, identity: ChainIdentity) -> None:
    """Record ``identity`` as the chain payouts are made on (the operator confirmed the switch)."""
    record = await session.get(ChainRecord, 1)
    assert record is not None
    record.chain_id, record.genesis_hash = identity.chain_id, identity.genesis_hash
    record.contract, record.code_hash = run.client.contract, identity.contract_code_hash
    record.reset_detected_at, record.reset_detail = None, None


def _difference(record: ChainRecord, identity: ChainIdentity, contract: str) -> str | None:
    if record.chain_id != identity.chain_id:
        return f"chain id {identity.chain_id}, recorded {record.chain_id}"
    if record.genesis_hash != identity.genesis_hash:
        return f"genesis {identity.genesis_hash}, recorded {record.genesis_hash}"
    if record.contract != contract or record.code_hash != identity.contract_code_hash:
        return f"contract {contract} code {identity.contract_code_hash}, recorded {record.contract} {record.code_hash}"
    return None


async def _read(session: AsyncSession, settled_below: int) -> tuple[ChainRecord | None, str | None]:
    record = await session.get(ChainRecord, 1)
    last = await session.scalar(
        select(col(PayoutBatch.chain_batch_id))
        .where(
            col(PayoutBatch.status) == BatchState.CONFIRMED,
            col(PayoutBatch.tx_hash).is_not(None),
            col(PayoutBatch.block_number) <= settled_below,
        )
        .order_by(col(PayoutBatch.id).desc())
        .limit(1)
    )
    return record, last


async def _highest_paid_block(session: AsyncSession) -> int | None:
    return await session.scalar(
        select(func.max(col(PayoutBatch.block_number))).where(col(PayoutBatch.status) == BatchState.CONFIRMED)
    )


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
    """Record why payouts stopped; the admins are alerted the first time (until an operator repays)."""
    first = await session.scalar(
        update(ChainRecord)
        .where(col(ChainRecord.id) == 1, col(ChainRecord.reset_detected_at).is_(None))
        .values(reset_detected_at=run.now(), reset_detail=problem[:500])
        .returning(col(ChainRecord.id))
    )
    if first is not None:
        await run.on_event(session, PayoutEvent(PayoutEventKind.CHAIN_RESET, detail=problem))


async def _adopt(run: Run, session: AsyncSession, identity: ChainIdentity, problem: str) -> ChainRecord:
    """Dev chain only: paid claims become "reset" (never reported paid), owed again in the book until an operator
    repays them; claims in flight are paid anew."""
    await run.fence(session)
    lost = select(col(PayoutBatch.id)).where(col(PayoutBatch.status) == BatchState.CONFIRMED)
    await batch_store.reset_paid(session, col(Claim.batch_id).in_(lost), run.now())
    await session.execute(update(Claim).where(col(Claim.batch_id).in_(lost)).values(status=ClaimState.RESET))
    confirmed = update(PayoutBatch).where(col(PayoutBatch.status) == BatchState.CONFIRMED)
    await session.execute(confirmed.values(status=BatchState.RESET))
    open_ids = select(id_column(PayoutBatch.id)).where(col(PayoutBatch.status).in_(batch_store.OPEN))
    for batch_id in await session.scalars(open_ids):
        await batch_store.requeue(session, batch_id, run.now(), status=BatchState.RESET)
    record = await session.get(ChainRecord, 1)
    assert record is not None
    record.chain_id, record.genesis_hash = identity.chain_id, identity.genesis_hash
    record.contract, record.code_hash = run.client.contract, identity.contract_code_hash
    record.reset_detected_at, record.reset_detail = run.now(), problem[:500]
    return record
