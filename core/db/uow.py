"""One use case, one transaction: `await transaction(work)` runs `work(session)` and commits.

Races that a unique constraint catches (two presses creating the same row) are retried, so the loser sees the
winner's row instead of an error.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]
RETRIES = 4


class Database:
    """The engine and the session factory, built by the composition root and passed down."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)

    async def transaction(self, work: Work[T]) -> T:
        for attempt in range(RETRIES):
            try:
                async with self.sessions() as session, session.begin():
                    return await work(session)
            except IntegrityError:
                if attempt == RETRIES - 1:
                    raise
            except DBAPIError as exc:
                if attempt == RETRIES - 1 or not _is_transient(exc):
                    raise
        raise AssertionError("unreachable")

    async def dispose(self) -> None:
        await self.engine.dispose()


def _is_transient(exc: DBAPIError) -> bool:
    """PostgreSQL serialization failures and deadlocks can simply be retried."""
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in {"40001", "40P01"} or "database is locked" in str(exc)
