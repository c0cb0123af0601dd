"""The pick's statements walk an index in order on SQLite: no sort of a campaign's open items on every pick."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from core.db.migrate import alembic_config
from core.game.pick import candidates as _candidate_statement


@pytest.mark.parametrize("gold", [False, True])
def test_the_pick_reads_an_index_in_order(tmp_path: Path, gold: bool) -> None:
    from alembic import command

    engine = create_engine(f"sqlite:///{tmp_path / 'plan.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "heads")
        params = {"campaigns": [1], "account": 1, "cap": 7, "limit": 20}
        expanded = _candidate_statement(gold).compile(dialect=connection.dialect).construct_expanded_state(params)
        query = f"EXPLAIN QUERY PLAN {expanded.statement}"
        plan = [row[-1] for row in connection.exec_driver_sql(query, tuple(expanded.positional_parameters))]
    engine.dispose()
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any(("ix_item_pick" if gold else "ix_item_value") in step for step in plan), plan
