"""Alembic environment: runs on the connection handed over by core.db.migrate (never builds its own engine)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlmodel import SQLModel

import core.db.schema  # noqa: F401  (registers every table on SQLModel.metadata)

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through `chatlabel db upgrade`, which supplies the connection")

if connection.dialect.name == "postgresql":
    # Several workers may start at once; only one migrates, the others wait and then find nothing to do.
    connection.execute(text("SELECT pg_advisory_xact_lock(7243001)"))

context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
