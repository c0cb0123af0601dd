"""The pick's statements walk an index in order on SQLite: no sort of a campaign's open items on every pick; on
PostgreSQL the prepared pick is planned once, not on every answer."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from app import open_game
from bench.fill import fill_postgres
from core.clock import FixedClock
from core.db.migrate import alembic_config
from core.game.pick import candidates as _candidate_statement
from core.types import UserRef
from tests.support import make_settings, postgres_database


@pytest.mark.parametrize("gold", [False, True])
def test_the_pick_reads_an_index_in_order(tmp_path: Path, gold: bool) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "heads")
        params = {"campaign": 1, "account": 1, "cap": 7}
        expanded = _candidate_statement(gold, 20).compile(dialect=connection.dialect).construct_expanded_state(params)
        query = f"EXPLAIN QUERY PLAN {expanded.statement}"
        plan = [row[-1] for row in connection.exec_driver_sql(query, tuple(expanded.positional_parameters))]
    engine.dispose()
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any(("ix_item_pick" if gold else "ix_item_value") in step for step in plan), plan


@pytest.mark.postgres
async def test_the_pick_keeps_one_plan_on_postgresql(tmp_path: Path) -> None:
    """A prepared statement is planned for its parameters until PostgreSQL finds a generic plan no dearer. With
    the candidates' LIMIT a parameter it never did on a campaign of thousands of items, and the pick was planned
    anew (more time than it takes to run) on every answer."""
    clock = FixedClock(START)
    async with postgres_database() as url, open_game(make_settings(tmp_path, url), clock=clock, packs=[]) as game:
        await fill_postgres(url, players=200, items=5000, answers=10_000, when=START - timedelta(days=30))
        players = [UserRef("telegram", str(1_000_000 + n), f"p{n}") for n in range(8)]
        prompts = {who: (await game.start(who)).prompt for who in players}
        for n in range(48):  # one after another: the pool's one connection holds the prepared picks
            who = players[n % len(players)]
            prompt = prompts[who]
            assert prompt is not None
            clock.advance(seconds=5)
            prompts[who] = (await game.answer(who, prompt.task_id, prompt.choices[0].key)).next_prompt
        async with game.deps.db.engine.connect() as conn:
            plans = (await conn.execute(text(PICK_PLANS))).all()
    assert plans and all(generic > 0 for generic, _custom in plans), plans


START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PICK_PLANS = "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE 'WITH picked%'"
