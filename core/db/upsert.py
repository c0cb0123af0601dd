"""INSERT ... ON CONFLICT DO UPDATE for both databases (the statement differs only by dialect)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite

from core.db.uow import Tx, connection

_STATEMENTS: dict[tuple[str, Any, tuple[str, ...], tuple[str, ...]], Any] = {}


def upsert(
    session: Tx, table: Any, rows: Sequence[Mapping[str, Any]], keys: Sequence[str], updates: Mapping[str, Any]
) -> None:
    """Insert `rows` (all with the same columns); where `keys` exist, apply `updates` (which may use `excluded`).

    One statement is built per table and dialect and run for every row at once, so settling an item costs one
    round trip and no fresh compilation.
    """
    if not rows:
        return
    conn = connection(session)
    dialect = conn.dialect.name
    columns = tuple(rows[0])
    key = (dialect, table, columns, tuple(updates))
    statement = _STATEMENTS.get(key)
    if statement is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(table).values({name: bindparam(name) for name in columns})
        statement = statement.on_conflict_do_update(index_elements=list(keys), set_=dict(updates))
        _STATEMENTS[key] = statement
    conn.execute(statement, [dict(row) for row in rows])
