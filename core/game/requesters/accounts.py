"""Requesters and their API keys: add (the key is returned once), list, revoke, authenticate."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import Requester, RequesterJob
from core.db.results import stored_id
from core.errors import BadApiKey, RequesterError
from core.game.deps import GameDeps
from core.game.requesters import keys
from core.types import UserRef
from core.types.requesters import IssuedKey, RequesterInfo


def principal(requester: RequesterInfo) -> UserRef:
    """How the campaign use cases (and their audit trail) know a requester."""
    # A requester is not a chat platform; the campaign use cases take it as one, and the audit trail names it so.
    return UserRef("requester", str(requester.requester_id), requester.name)  # type: ignore[arg-type]


def info(row: Requester, jobs: int = 0) -> RequesterInfo:
    scopes = tuple(row.scopes.split())
    return RequesterInfo(stored_id(row), row.name, scopes, row.created_at, row.revoked_at, jobs, row.reference)


async def add(deps: GameDeps, name: str, scopes: str = "") -> IssuedKey:
    clean = name.strip()
    if not 1 <= len(clean) <= 80 or not clean.isprintable():
        raise RequesterError("A requester's name must be 1 to 80 printable characters.")
    try:
        granted = keys.parse_scopes(scopes)
    except ValueError as exc:
        raise RequesterError(str(exc)) from None
    key = keys.new_key()

    async def work(session: AsyncSession) -> RequesterInfo:
        if await session.scalar(select(col(Requester.id)).where(col(Requester.name) == clean)) is not None:
            raise RequesterError(f"A requester named {clean!r} already exists.")
        row = Requester(
            name=clean,
            key_id=key.key_id,
            key_hash=keys.digest(key.secret),
            scopes=" ".join(granted),
            created_at=deps.clock.now(),
            reference=secrets.token_hex(8),
        )
        session.add(row)
        await session.flush()
        return info(row)

    return IssuedKey(await deps.db.transaction(work), key.text)


async def listing(deps: GameDeps) -> list[RequesterInfo]:
    async def work(session: AsyncSession) -> list[RequesterInfo]:
        jobs = (
            select(col(RequesterJob.requester_id), func.count().label("jobs"))
            .group_by(col(RequesterJob.requester_id))
            .subquery()
        )
        rows = await session.execute(
            select(Requester, func.coalesce(jobs.c.jobs, 0))
            .outerjoin(jobs, jobs.c.requester_id == col(Requester.id))
            .order_by(col(Requester.id))
        )
        return [info(row, int(count)) for row, count in rows.all()]

    return await deps.db.transaction(work)


async def revoke(deps: GameDeps, name: str) -> RequesterInfo:
    """The key stops working at once; the requester's jobs stay as they are."""

    async def work(session: AsyncSession) -> RequesterInfo:
        row = await session.scalar(select(Requester).where(col(Requester.name) == name.strip()).with_for_update())
        if row is None:
            raise RequesterError(f"There is no requester {name.strip()!r}.")
        if row.revoked_at is None:
            row.revoked_at = deps.clock.now()
            await session.flush()
        return info(row)

    return await deps.db.transaction(work)


async def authenticate(deps: GameDeps, key_text: str) -> RequesterInfo:
    """The requester whose live key this is; BadApiKey for anything else (the reason is not told)."""
    parsed = keys.parse(key_text)
    if parsed is None:
        raise BadApiKey()
    key_id, secret = parsed

    async def work(session: AsyncSession) -> RequesterInfo:
        row = await session.scalar(select(Requester).where(col(Requester.key_id) == key_id))
        if row is None or row.revoked_at is not None or not keys.matches(secret, row.key_hash):
            raise BadApiKey()
        return info(row)

    return await deps.db.transaction(work)
