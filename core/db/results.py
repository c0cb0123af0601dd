"""What the database gave back, typed as what it is: a stored row's id, the rows a statement changed."""

from __future__ import annotations

from typing import Any, Protocol, cast

from sqlalchemy import CursorResult, Result
from sqlalchemy.orm import Mapped
from sqlmodel import col


class _Keyed(Protocol):
    @property
    def id(self) -> int | None: ...


def stored_id(row: _Keyed) -> int:
    """The id of a row read from the database or flushed to it. Tables declare `id` optional only so that a new
    row can be built before the database numbers it; asking a row that was never flushed is a bug."""
    if row.id is None:
        raise LookupError(f"{type(row).__name__} has no id yet: it was never flushed")
    return row.id


def id_column(column: int | None) -> Mapped[int]:
    """A table's `id` to select: the column is a NOT NULL primary key, so every row read back carries a number,
    whatever the optional field (see `stored_id`) says."""
    return cast("Mapped[int]", col(column))


def rows_changed(result: Result[*tuple[Any, ...]]) -> int:
    """The rows an UPDATE or DELETE changed. Sessions type every result alike; the result of such a statement
    is the driver's cursor result, which counts them."""
    if not isinstance(result, CursorResult):
        raise TypeError(f"{type(result).__name__} does not count changed rows")
    return result.rowcount
