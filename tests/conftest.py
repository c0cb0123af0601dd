"""Databases for the tests: a real SQLite file, and a fresh database on the PostgreSQL server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import open_game
from core.clock import FixedClock
from core.game.game import Game
from core.types import TaskKind
from tests.support import fund_pools, make_settings, postgres_database, text_pack


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
        return
    async with postgres_database() as url:
        yield url


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
async def game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0.5", points_answer="1")
    packs = [text_pack("spot-the-bot"), text_pack("images", kind=TaskKind.IMAGE_BINARY)]
    async with open_game(settings, clock=clock, packs=packs) as opened:
        opened.deps.rng.seed(7)
        await fund_pools(opened)
        yield opened
