"""The migrations: one head, idempotent, and producing exactly the tables the code declares."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

import core.db.schema  # noqa: F401  (every table module)
from core.db.engine import build_engine
from core.db.migrate import alembic_config, current_revision, upgrade

# Feature branches each add one revision after the last merge revision, which joins them into one head again.
HEADS = ["0030_item_result"]


def test_the_history_has_one_head() -> None:
    assert sorted(ScriptDirectory.from_config(alembic_config()).get_heads()) == HEADS


async def test_upgrading_builds_the_declared_schema_and_is_idempotent(database_url: str) -> None:
    engine = build_engine(database_url)
    try:
        await upgrade(engine)
        await upgrade(engine)
        assert await current_revision(engine) == ", ".join(HEADS)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), SQLModel.metadata)
            )
        assert differences == []
    finally:
        await engine.dispose()
