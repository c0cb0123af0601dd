"""The economy tests' game: an admin at the console, no checks, no minimum answer time, a treasury holding 10,000
points' worth of tokens."""

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
async def game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    overrides = {"admins_console": '["treasurer"]', "tasks_gold_rate": "0", "tasks_min_answer_seconds": "0"}
    settings = make_settings(tmp_path / "data", database_url, **overrides)
    async with open_game(settings, clock=clock, packs=[]) as opened:
        opened.economy.treasury = FixedTreasury(10_000 * TOKEN_UNITS)
        yield opened
