"""INSERT ... ON CONFLICT DO UPDATE for both databases (the statement differs only by dialect)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def upsert(
    session: Session, table: Any, rows: Sequence[Mapping[str, Any]], keys: Sequence[str], updates: Mapping[str, Any]
) -> None:
    """Insert `rows`; where `keys` already exist, apply `updates` (expressions may use `excluded(name)`)."""
    if not rows:
        return
    insert = postgresql.insert if session.connection().dialect.name == "postgresql" else sqlite.insert
    statement = insert(table).values(list(rows))
    statement = statement.on_conflict_do_update(index_elements=list(keys), set_=dict(updates))
    session.connection().execute(statement)
