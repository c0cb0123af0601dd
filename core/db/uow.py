"""One use case, one transaction.

`await db.run(work)` runs a plain function `work(session)` in one transaction: on SQLite, whole and at once on
the event loop's thread with the plain driver (a statement costs microseconds there, a hop to a driver thread
much more; the write lock is taken without waiting, and a busy file is retried after yielding to the loop); on
PostgreSQL, on an async connection through `run_sync`. Long reads (`run(work, read_only=True)`) leave the event
loop's thread on SQLite. `await db.transaction(work)` does the same for
`async def work(session)` on the async engine.

Races that a unique constraint catches (two presses creating the same row) are retried, so the loser sees the
winner's row instead of an error; so is a use case whose pooled PostgreSQL connection turns out to be dead
(connections are not pinged before use: that would cost more round trips than a use case makes).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import sqlite3
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

from core.db.engine import build_sync_sqlite_engine, build_sync_sqlite_reader, is_sqlite

T = TypeVar("T")
Tx = Session | Connection  # what plain use-case code runs its statements on
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
        self._checkpointer: Checkpointer | None = None
        self._readers: sessionmaker[Session] | None = None
        self._held: Connection | None = None  # see _loop_connection
        if is_sqlite(url):
            sync = build_sync_sqlite_engine(url, echo=engine.echo)
            self._sync_sessions = sessionmaker(sync, expire_on_commit=False, autoflush=False)
            reader = build_sync_sqlite_reader(url, echo=engine.echo)
            self._readers = sessionmaker(reader, expire_on_commit=False, autoflush=False)
            self._checkpointer = Checkpointer(sync.url.database or "")

    async def transaction(self, work: Work[T]) -> T:
        async def attempt() -> T:
            async with self.sessions() as session, session.begin():
                return await _noting_dead(work(session))

        return await _retried(attempt)

    async def run(self, work: SyncWork[T], *, read_only: bool = False) -> T:
        """`read_only`: a long read (a refit's snapshot, an export's chunk), which on SQLite runs on a thread of
        its own in a deferred transaction, so it neither stalls the event loop nor holds the write lock."""
        if self._sync_sessions is None:
            return await self.transaction(lambda session: session.run_sync(work))
        if read_only and self._readers is not None:
            return await asyncio.to_thread(self._read, self._readers, work)
        sessions = self._sync_sessions

        def attempt() -> T:
            with sessions() as session, session.begin():
                return work(session)

        return await self._on_loop_thread(attempt)

    @staticmethod
    def _read(readers: sessionmaker[Session], work: SyncWork[T]) -> T:
        with readers() as session, session.begin():
            return work(session)

    async def run_on_connection(self, work: Callable[[Connection], T]) -> T:
        """`run` without an ORM session: for the hottest use cases, whose statements are all prepared Core ones."""
        if self._sync_sessions is None:
            # Straight on the async connection: an ORM session around it (begun, looked up, closed) cost more
            # than a statement of the answer path.
            async def on_connection() -> T:
                async with self.engine.begin() as conn:
                    return await _noting_dead(conn.run_sync(work))

            return await _retried(on_connection)

        def attempt() -> T:
            conn = self._loop_connection()
            with conn.begin():
                return work(conn)

        return await self._on_loop_thread(attempt)

    def _loop_connection(self) -> Connection:
        """SQLite: the one connection these transactions share. They run one at a time and whole on the loop's
        thread, so none needs a connection of its own, and taking one from the pool and giving it back (with its
        reset) cost as much as the answer path's own statements. A failed BEGIN or a rollback leaves it idle, as
        the pool would; one found invalidated (the driver lost the file) is replaced."""
        held = self._held
        if held is None or held.closed or held.invalidated:
            if held is not None:
                held.close()
            assert self._sync_sessions is not None
            held = self._held = self._sync_sessions.kw["bind"].connect()
        return held

    async def _on_loop_thread(self, attempt: Callable[[], T]) -> T:
        """SQLite: run the whole transaction now; a busy file is retried after yielding to the loop."""
        if self._checkpointer is not None:
            self._checkpointer.ensure_running()
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        conflicts = 0
        while True:
            try:
                return attempt()
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
        if self._held is not None:
            self._held.close()
            self._held = None
        if self._checkpointer is not None:
            await self._checkpointer.stop()
        await self.engine.dispose()
        if self._sync_sessions is not None:
            self._sync_sessions.kw["bind"].dispose()
        if self._readers is not None:
            self._readers.kw["bind"].dispose()


async def _retried(attempt: Callable[[], Awaitable[T]]) -> T:
    """PostgreSQL: the transaction run again after a lost unique-key race, a deadlock or serialization failure, or
    a connection found dead."""
    for n in range(RETRIES):
        try:
            return await attempt()
        except _DeadConnection as dead:
            if n == RETRIES - 1:
                raise dead.error from None
        except (IntegrityError, DBAPIError) as exc:
            if n == RETRIES - 1 or not _retryable(exc):
                raise
            if not isinstance(exc, IntegrityError):
                # A deadlock or serialization failure: the rivals retry too, so spread them out.
                await asyncio.sleep(random.uniform(0, 0.004 * 2**n))
    raise AssertionError("unreachable")


async def _noting_dead(work: Awaitable[T]) -> T:
    """The work's result; a dead connection raised as `_DeadConnection`, inside the transaction (rolled back)."""
    try:
        return await work
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise _DeadConnection(exc) from exc
        raise


class _DeadConnection(Exception):
    """The pooled connection was found dead (the server restarted, a firewall dropped it) before the transaction
    committed: the server kept nothing of it, so the use case is run again on a fresh connection. (A connection
    lost during COMMIT itself is not retried: whether that commit landed is unknown.)"""

    def __init__(self, error: DBAPIError) -> None:
        super().__init__(str(error))
        self.error = error


def _retryable(exc: DBAPIError) -> bool:
    """Lost unique-key races, PostgreSQL serialization failures and deadlocks, and a busy SQLite file."""
    if isinstance(exc, IntegrityError):
        return True
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code in {"40001", "40P01"} or "database is locked" in str(exc)


def connection(session: Session | Connection) -> Connection:
    """The session's connection, looked up once per transaction (the lookup costs more than a statement)."""
    if isinstance(session, Connection):
        return session
    found = session.info.get("connection")
    if found is None or found.closed:
        found = session.info["connection"] = session.connection()
    return found


class Checkpointer:
    """Copies the SQLite write-ahead log back into the database file every second, on a thread of its own.

    Passive: it never waits for or blocks a writer, so commits on the event loop stay cheap and predictable.
    """

    INTERVAL_SECONDS = 1.0

    def __init__(self, path: str) -> None:
        self.path = path
        self._task: asyncio.Task[None] | None = None

    def ensure_running(self) -> None:
        if self._task is None and self.path and self.path != ":memory:":
            self._task = asyncio.get_running_loop().create_task(self._run(), name="chatlabel-sqlite-checkpoint")

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.INTERVAL_SECONDS)
            await asyncio.to_thread(self._checkpoint)

    def _checkpoint(self) -> None:
        # Busy (another checkpoint, or the file briefly locked): the next round catches up.
        with contextlib.closing(sqlite3.connect(self.path, timeout=0)) as db, contextlib.suppress(sqlite3.Error):
            db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await asyncio.to_thread(self._checkpoint)
