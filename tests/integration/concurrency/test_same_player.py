"""One player's two answers at once (two open tasks: the old prompt's buttons still work) on PostgreSQL.

The answer path writes the player's caches (the hourly count, recent gold) back as values it read; without a
lock on the player's row, two answers read the same count and both pass the hourly limit.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import open_game
from core.clock import FixedClock
from core.errors import TooFast
from tests.support import make_settings, postgres_database, text_pack, user

PLAYERS = 12

pytestmark = pytest.mark.postgres


async def test_two_answers_at_once_respect_the_hourly_limit(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    async with postgres_database() as url:
        settings = make_settings(
            tmp_path,
            url,
            tasks_gold_rate="0",
            tasks_min_answer_seconds="0",
            tasks_max_answers_per_hour="1",
            tasks_assignment_ttl_minutes="1",
        )
        async with open_game(settings, clock=clock, packs=[text_pack("pair", items=8, gold_every=1000)]) as game:
            first = [(await game.start(user(n))).prompt for n in range(PLAYERS)]
            clock.advance(minutes=2)  # the first prompts are stale: each player is served a second task
            second = [await game.next_task(user(n)) for n in range(PLAYERS)]
            pairs = [(a, b) for a, b in zip(first, second, strict=True) if a and b and a.task_id != b.task_id]
            assert len(pairs) == PLAYERS
            presses = [game.answer(user(n), prompt.task_id, "bot") for n, pair in enumerate(pairs) for prompt in pair]
            results = await asyncio.gather(*presses, return_exceptions=True)
            unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, TooFast)]
            assert not unexpected, unexpected
            accepted = sum(not isinstance(r, BaseException) for r in results)
            assert accepted == PLAYERS, f"{accepted} answers accepted for {PLAYERS} players allowed one each"
