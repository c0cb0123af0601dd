"""The operator's way on after a chain fault (`chatlabel payouts status|recover|repay`): plan first, then act.

- recover: batches whose stored transactions are not on chain. A transaction whose nonce is still free is
  rebroadcast as stored; a batch whose nonce another transaction took at least K blocks deep (and whose
  on-chain id is not paid) is provably not on chain, and is signed anew under the same id.
- repay: the chain was replaced or rewound (payouts stopped). Every batch recorded on the old chain whose
  on-chain id the new one does not hold is paid anew there, same claims and id; the new chain is adopted.
Each action names its batch; acting repeats the chain checks, so a plan that went stale changes nothing.
"""

from __future__ import annotations

import asyncio
import enum
from collections import Counter
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.reward_tables import BatchTx, Claim, PayoutBatch
from core.game.claim_state import OPEN_BATCH, BatchState, PayoutEvent, PayoutEventKind
from wallet import batch_store, batcher, identity
from wallet.run import Run
from wallet.transactions import account_address


class ActionKind(enum.StrEnum):
    REBROADCAST = "rebroadcast"
    RESIGN = "resign"
    REPAY = "repay"


@dataclass(frozen=True, slots=True)
class Action:
    kind: ActionKind
    batch: int
    chain_batch_id: str
    claims: int
    units: int  # base units the batch pays
    tx_hash: str | None = None  # the stored transaction to rebroadcast


@dataclass(frozen=True, slots=True)
class PayoutStatus:
    chain_problem: str | None  # why payouts stopped (a replaced or rewound chain), None if they run
    claims: dict[str, int]  # claims per state
    open_batches: int
    unpaid_units: int
    treasury_units: int | None  # None when it cannot be read (not a Distributor, or the node is away)
    actions: tuple[Action, ...]  # what `recover` (chain fine) or `repay` (chain changed) would do


async def status(run: Run) -> PayoutStatus:
    """What is at risk, and what the matching command would do about it. Changes nothing."""
    _record, _identity, problem = await identity.inspect(run)
    actions = await plan_repay(run) if problem else await plan_recover(run)
    counts, open_batches, unpaid = await run.db.transaction(_counts)
    try:
        treasury: int | None = await asyncio.to_thread(run.client.treasury_balance)
    except Exception:  # shown as unknown; the other figures still help the operator
        treasury = None
    return PayoutStatus(problem, counts, open_batches, unpaid, treasury, tuple(actions))


async def plan_recover(run: Run) -> list[Action]:
    """Batches (open or confirmed) none of whose stored transactions is on chain while their id is unpaid."""
    plan = []
    payer = account_address(run.key)
    for batch, txs, units in await run.db.transaction(lambda s: _batches(s, (*OPEN_BATCH, BatchState.CONFIRMED))):
        if not txs or await _on_chain(run, batch, txs):
            continue
        newest = txs[0]
        if await asyncio.to_thread(run.client.nonce, payer, False, run.confirmations) <= newest.nonce:
            plan.append(
                Action(
                    ActionKind.REBROADCAST,
                    int(batch.id or 0),
                    batch.chain_batch_id,
                    batch.claims,
                    units,
                    newest.tx_hash,
                )
            )
        else:
            plan.append(Action(ActionKind.RESIGN, int(batch.id or 0), batch.chain_batch_id, batch.claims, units))
    return plan


async def recover(run: Run, plan: list[Action]) -> list[str]:
    """Carry out ``plan`` (from :func:`plan_recover`); the steps taken."""
    fresh = {(a.kind, a.batch) for a in await plan_recover(run)}
    steps = []
    for action in plan:
        if (action.kind, action.batch) not in fresh:
            steps.append(f"skipped {action.batch}")
            continue
        if action.kind is ActionKind.REBROADCAST:
            tx_hash = str(action.tx_hash)
            raw = await run.db.transaction(partial(batch_store.stored_raw, tx_hash=tx_hash))
            if raw is None:  # the plan was fresh, so its stored transaction is there; never send nothing
                steps.append(f"skipped {action.batch}")
                continue
            result = await batcher.send(run, tx_hash, raw)
            steps.append(f"rebroadcast {action.batch}: {result.value if result else 'refused'}")
        else:
            await run.db.transaction(partial(_resign, run, batch_id=action.batch, why="recover: not on chain"))
            steps.append(f"resign {action.batch}")
    return steps


async def plan_repay(run: Run) -> list[Action]:
    """On a replaced or rewound chain: every recorded batch whose on-chain id this chain does not hold."""
    states = (*OPEN_BATCH, BatchState.CONFIRMED, BatchState.RESET)
    plan = []
    for batch, _txs, units in await run.db.transaction(lambda s: _batches(s, states)):
        if units == 0:  # a reset batch whose claims went to later batches
            continue
        if await asyncio.to_thread(run.client.is_batch_paid, _id(batch)):
            continue
        plan.append(Action(ActionKind.REPAY, int(batch.id or 0), batch.chain_batch_id, batch.claims, units))
    return plan


async def repay(run: Run, plan: list[Action]) -> list[str]:
    """Adopt the chain the client reaches and pay ``plan``'s batches anew there (one transaction)."""
    _record, reached, problem = await identity.inspect(run)
    if problem is None and not plan:
        return []
    fresh = {a.batch for a in await plan_repay(run)}

    async def work(session: AsyncSession) -> list[str]:
        await run.fence(session)
        steps = []
        for action in plan:
            if action.batch not in fresh:
                steps.append(f"skipped {action.batch}")
                continue
            # Its transactions were signed for the old chain: never to be sent here, nor to hold a nonce.
            await batch_store.forget_transactions(session, action.batch)
            await _resign(run, session, action.batch, "repay on the new chain")
            steps.append(f"repay {action.batch}")
        await identity.adopt(run, session, reached)
        return steps

    return await run.db.transaction(work)


async def _resign(run: Run, session: AsyncSession, batch_id: int, why: str) -> None:
    await run.fence(session)
    await batch_store.retry(session, batch_id, run.now())
    await run.on_event(session, PayoutEvent(PayoutEventKind.BATCH_RETRIED, batch=batch_id, detail=why))


async def _on_chain(run: Run, batch: PayoutBatch, txs: list[BatchTx]) -> bool:
    if await asyncio.to_thread(run.client.is_batch_paid, _id(batch)):
        return True
    for tx in txs:
        if await asyncio.to_thread(run.client.receipt, tx.tx_hash) is not None:
            return True
    return False


def _id(batch: PayoutBatch) -> bytes:
    return bytes.fromhex(batch.chain_batch_id.removeprefix("0x"))


async def _batches(session: AsyncSession, states: tuple[str, ...]) -> list[tuple[PayoutBatch, list[BatchTx], int]]:
    rows = list(
        await session.scalars(
            select(PayoutBatch).where(col(PayoutBatch.status).in_(states)).order_by(col(PayoutBatch.id))
        )
    )
    found = []
    for batch in rows:
        txs = await batch_store.transactions(session, int(batch.id or 0))
        amounts = await session.scalars(select(col(Claim.amount)).where(col(Claim.batch_id) == batch.id))
        found.append((batch, txs, sum(int(a) for a in amounts)))
    return found


async def _counts(session: AsyncSession) -> tuple[dict[str, int], int, int]:
    states = Counter(str(s) for s in await session.scalars(select(col(Claim.status))))
    open_batches = len(
        list(await session.scalars(select(col(PayoutBatch.id)).where(col(PayoutBatch.status).in_(OPEN_BATCH))))
    )
    return dict(states), open_batches, await batch_store.total_unpaid(session)
