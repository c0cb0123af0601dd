"""Idempotent POSTs: a key is reserved before the work runs, so a retry replays the first answer, never redoes it."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import IdempotentRequest
from core.errors import IdempotencyConflict
from core.game.deps import GameDeps
from core.types.requesters import StoredAnswer

RUNNING = 0  # the status of a reserved key whose request has not answered yet


async def reserve(deps: GameDeps, requester_id: int, key: str, fingerprint: str) -> StoredAnswer | None:
    """None: the key is ours now, run the request. Otherwise the stored answer to replay.
    IdempotencyConflict when the key came with a different request, or its first request is still running."""
    now: datetime = deps.clock.now()

    async def work(session: AsyncSession) -> IdempotentRequest | None:
        # A concurrent first use of the key makes the insert fail; the retry then finds that one's row.
        row = await session.scalar(
            select(IdempotentRequest).where(
                col(IdempotentRequest.requester_id) == requester_id, col(IdempotentRequest.key) == key
            )
        )
        if row is not None and row.created_at < now - timedelta(hours=deps.settings.requesters.idempotency_hours):
            await session.delete(row)  # expired: the key may be used afresh
            await session.flush()
            row = None
        if row is None:
            session.add(
                IdempotentRequest(
                    requester_id=requester_id, key=key, fingerprint=fingerprint, status=RUNNING, body="", created_at=now
                )
            )
            await session.flush()
        return row

    row = await deps.db.transaction(work)
    if row is None:
        return None
    if row.fingerprint != fingerprint:
        raise IdempotencyConflict("This Idempotency-Key was already used for a different request.", running=False)
    if row.status == RUNNING:
        raise IdempotencyConflict(
            "A request with this Idempotency-Key is still being processed; retry later.", running=True
        )
    return StoredAnswer(row.fingerprint, row.status, row.body)


async def complete(deps: GameDeps, requester_id: int, key: str, status: int, body: str) -> None:
    async def work(session: AsyncSession) -> None:
        await session.execute(
            update(IdempotentRequest)
            .where(col(IdempotentRequest.requester_id) == requester_id, col(IdempotentRequest.key) == key)
            .values(status=status, body=body)
        )

    await deps.db.transaction(work)


async def release(deps: GameDeps, requester_id: int, key: str) -> None:
    """The request failed on our side: forget the key so that a retry runs it again."""

    async def work(session: AsyncSession) -> None:
        await session.execute(
            delete(IdempotentRequest).where(
                col(IdempotentRequest.requester_id) == requester_id, col(IdempotentRequest.key) == key
            )
        )

    await deps.db.transaction(work)
