"""The async engine: a SQLite file (WAL) by default, PostgreSQL (asyncpg) when the URL says so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file_url(engine: AsyncEngine) -> str | None:
    """The engine's URL when it is a SQLite file, which another process can open too; otherwise None."""
    url = engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


def build_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    if not is_sqlite(url):
        # No pre-ping: on asyncpg it costs three round trips (BEGIN, a ping, ROLLBACK) on every checkout, more than
        # the answer path's own statements. A connection found dead instead fails its use case's first statement,
        # before anything is committed, and `Database` runs the use case again on a fresh one.
        return create_async_engine(url, echo=echo, pool_size=10, max_overflow=10)
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_async_engine(url, echo=echo, connect_args={"timeout": 30})
    _configure_sqlite(engine.sync_engine)
    return engine


def build_sync_sqlite_engine(url: str, *, echo: bool = False) -> Engine:
    """The same SQLite file through the plain driver, for use cases run whole on one database thread."""
    sync_url = make_url(url).set(drivername="sqlite+pysqlite")
    # No waiting inside the driver: these use cases run on the event loop's thread, and a writer elsewhere in
    # this process can only finish when the loop runs. A busy file fails at BEGIN at once and is retried later.
    engine = create_engine(sync_url, echo=echo, connect_args={"timeout": 0, "check_same_thread": False})
    # Commits on the loop's thread only append to the WAL; copying it back into the database (a checkpoint)
    # is done by a background thread instead (see uow.Checkpointer), off the answer path.
    _configure_sqlite(engine, busy_timeout_ms=0, autocheckpoint=False)
    return engine


def build_sync_sqlite_reader(url: str, *, echo: bool = False) -> Engine:
    """The same file for long read-only transactions on a thread of their own (refits, exports, stats).

    A deferred BEGIN: in WAL a reader sees one snapshot and holds no lock a writer waits for, so the answer path
    on the event loop's thread goes on while it reads. Waiting for a busy file is fine here, off the loop.
    """
    engine = create_engine(make_url(url).set(drivername="sqlite+pysqlite"), echo=echo)
    _configure_sqlite(engine, begin="BEGIN")
    return engine


def _configure_sqlite(
    engine: Engine, busy_timeout_ms: int = 30_000, autocheckpoint: bool = True, begin: str = "BEGIN IMMEDIATE"
) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below); the driver's implicit transactions would defer the write lock.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        # WAL: readers don't block the writer; synchronous=NORMAL in WAL survives a killed process
        # (a committed transaction is in the WAL file before COMMIT returns), only power loss can cost the tail.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        if not autocheckpoint:
            cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Take the write lock up front: two deferred transactions that both read then write deadlock in SQLite
        # (the second gets SQLITE_BUSY at once, busy_timeout does not apply to lock upgrades).
        # (Long read-only transactions on their own engine begin deferred instead: see build_sync_sqlite_reader.)
        # Straight on the driver's cursor: through `exec_driver_sql` this one statement cost as much as two of
        # the answer path's own.
        # Its errors are wrapped as a statement's would be, so a busy file is retried as ever (see uow).
        dbapi = connection.dialect.loaded_dbapi
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.execute(begin)
        except dbapi.Error as exc:
            raise DBAPIError.instance(begin, (), exc, dbapi.Error) from exc
        finally:
            cursor.close()
