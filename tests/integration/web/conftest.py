"""Games with no seeded campaigns, so that players are served only the requesters' jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app import open_game
from core.clock import FixedClock
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from tests.integration.economy.harness import TOKEN_UNITS
from tests.support import make_settings


@pytest.fixture
async def bare_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path / "data", database_url, tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[]) as opened:
        opened.deps.rng.seed(5)
        yield opened


@pytest.fixture
async def paying_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """No checks, no minimum answer time, a treasury holding 10,000 points' worth of tokens."""
    overrides = {"tasks_gold_rate": "0", "tasks_min_answer_seconds": "0"}
    async with open_game(make_settings(tmp_path / "data", database_url, **overrides), clock=clock, packs=[]) as opened:
        opened.economy.treasury = FixedTreasury(10_000 * TOKEN_UNITS)
        yield opened
