"""One use case, one transaction.

`await db.run(work)` runs a plain function `work(session)` in one transaction: on SQLite, whole and at once on
the event loop's thread with the plain driver (a statement costs microseconds there, a hop to a driver thread
much more; the write lock is taken without waiting, and a busy file is retried after yielding to the loop); on
PostgreSQL, on an async connection through `run_sync`. `await db.transaction(work)` does the same for
`async def work(session)` on the async engine.

Races that a unique constraint catches (two presses creating the same row) are retried, so the loser sees the
winner's row instead of an error.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from core.db.engine import build_sync_sqlite_engine, is_sqlite

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]
SyncWork = Callable[[Session], T]
RETRIES = 4
BUSY_WAIT_SECONDS = 30.0


class Database:
    """The engines and session factories, built by the composition root and passed down."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        self._sync_sessions: sessionmaker[Session] | None = None
        url = engine.url.render_as_string(hide_password=False)
        if is_sqlite(url):
            sync = build_sync_sqlite_engine(url, echo=engine.echo)
            self._sync_sessions = sessionmaker(sync, expire_on_commit=False, autoflush=False)

    async def transaction(self, work: Work[T]) -> T:
        for attempt in range(RETRIES):
            try:
                async with self.sessions() as session, session.begin():
                    return await work(session)
            except (IntegrityError, DBAPIError) as exc:
                if attempt == RETRIES - 1 or not _retryable(exc):
                    raise
        raise AssertionError("unreachable")

    async def run(self, work: SyncWork[T]) -> T:
        if self._sync_sessions is None:
            return await self.transaction(lambda session: session.run_sync(work))
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        conflicts = 0
        while True:
            try:
                with self._sync_sessions() as session, session.begin():
                    return work(session)
            except (IntegrityError, DBAPIError) as exc:
                if not _retryable(exc):
                    raise
                if isinstance(exc, IntegrityError):
                    conflicts += 1
                    if conflicts == RETRIES:
                        raise
                elif time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.001)  # let the writer holding the file finish

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._sync_sessions is not None:
            self._sync_sessions.kw["bind"].dispose()


def _retryable(exc: DBAPIError) -> bool:
    """Lost unique-key races, PostgreSQL serialization failures and deadlocks, and a busy SQLite file."""
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in {"40001", "40P01"} or "database is locked" in str(exc)


def connection(session: Session) -> Connection:
    """The session's connection, looked up once per transaction (the lookup costs more than a statement)."""
    found = session.info.get("connection")
    if found is None or found.closed:
        found = session.info["connection"] = session.connection()
    return found
