"""Deposits seen on chain: token transfers to the treasury carrying a requester's reference credit its deposit.

The watcher (wallet/deposits.py) reads only blocks with the configured confirmations, so a reorg shallower than
that never touches what was credited; each transfer's log is credited at most once whatever is read again.
The treasury on chain grew by the transfer itself, so the credit is backed by construction: the deposit gets
the whole points the units make (a remainder under one point stays in the treasury, promised to nobody).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import ChainCursor, ChainDeposit, Requester
from core.game import book
from core.game.deps import GameDeps
from core.game.money.treasury import points_held

CURSOR = "requester_deposits"
REASON = "chain_deposit"


@dataclass(frozen=True, slots=True)
class Transfer:
    """A token transfer to the treasury, as the chain logged it; `reference` as its calldata carried it."""

    tx_hash: str
    log_index: int
    block: int
    units: int
    reference: str | None


@dataclass(frozen=True, slots=True)
class Credited:
    reference: str
    points: int
    tx_hash: str


async def cursor(deps: GameDeps) -> int | None:
    """The last confirmed block read, or None before the first run."""

    async def work(session: AsyncSession) -> int | None:
        found = await session.get(ChainCursor, CURSOR)
        return int(found.block) if found is not None else None

    return await deps.db.transaction(work)


async def credit(deps: GameDeps, transfers: Sequence[Transfer], read_through: int) -> list[Credited]:
    """Credit the transfers whose reference names a requester, and move the cursor to `read_through`, in one
    transaction (a failed run credits nothing and is read again)."""
    now = deps.clock.now()
    rules = deps.settings.rewards

    async def work(session: AsyncSession) -> list[Credited]:
        references = {t.reference for t in transfers if t.reference}
        named = select(col(Requester.reference), col(Requester.id)).where(col(Requester.reference).in_(references))
        owners = {reference: owner for reference, owner in (await session.execute(named)).all()}
        done = []
        for transfer in transfers:
            owner, points = owners.get(transfer.reference or ""), points_held(transfer.units, rules)
            if owner is None or await session.get(ChainDeposit, (transfer.tx_hash, transfer.log_index)) is not None:
                continue
            session.add(
                ChainDeposit(
                    tx_hash=transfer.tx_hash,
                    log_index=transfer.log_index,
                    requester_id=owner,
                    units=str(transfer.units),
                    points=points,
                    block=transfer.block,
                    credited_at=now,
                )
            )
            ref = f"{transfer.tx_hash}:{transfer.log_index}"
            await session.run_sync(
                book.move, book.TREASURY, book.deposit(owner), points, REASON, ref, now, covered=False
            )
            done.append(Credited(str(transfer.reference), points, transfer.tx_hash))
        stored = await session.get(ChainCursor, CURSOR)
        if stored is None:
            session.add(ChainCursor(name=CURSOR, block=read_through))
        else:
            stored.block = max(stored.block, read_through)
        await session.flush()
        return done

    return await deps.db.transaction(work)
