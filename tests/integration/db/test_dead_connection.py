"""PostgreSQL: pooled connections are not pinged before use; one the server dropped fails its use case's first
statement, before anything commits, and the use case runs again on a fresh connection."""

from __future__ import annotations

from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from app import open_game
from tests.support import POSTGRES_ADMIN, make_settings, postgres_database, text_pack, user

pytestmark = pytest.mark.postgres


async def test_a_use_case_on_a_dropped_connection_runs_again_on_a_fresh_one(tmp_path: Path) -> None:
    async with postgres_database() as url, open_game(make_settings(tmp_path, url), packs=[text_pack()]) as game:
        first = await game.start(user(1))
        assert first.prompt is not None
        database = make_url(url).database
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:  # every pooled connection, alive as far as the pool knows
            dropped = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1", database
            )
        finally:
            await admin.close()
        assert dropped >= 1
        choice = first.prompt.choices[0].key
        outcome = await game.answer(user(1), first.prompt.task_id, choice)
        assert not outcome.repeated and outcome.choice.key == choice
        again = await game.answer(user(1), first.prompt.task_id, choice)
        assert again.repeated  # recorded once, by the run on the fresh connection
