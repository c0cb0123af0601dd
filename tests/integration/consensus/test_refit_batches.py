"""A refit writes a big campaign in batches, so the event loop serves presses between them (SQLite runs the
write on the loop's thread: in one transaction a campaign of 1M answers held it for tens of seconds)."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app import open_game
from bench.fill import fill_sqlite
from core.clock import FixedClock
from core.game import refit
from tests.support import make_settings

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_the_loop_runs_between_a_refits_write_batches(tmp_path: Path) -> None:
    path = tmp_path / "chatlabel.db"
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{path}")
    async with open_game(settings, clock=FixedClock(NOW), packs=[]) as game:
        fill_sqlite(str(path), 1_000, 200, 16_000, NOW - timedelta(days=30))
        done = False
        seen_midway = 0

        async def watch() -> None:
            """On each turn of the loop: are the worker models in while the refit still writes?"""
            nonlocal seen_midway
            with sqlite3.connect(path) as db:
                while not done:
                    models = db.execute("SELECT count(*) FROM campaignworker WHERE campaign_id = 1").fetchone()[0]
                    seen_midway += bool(models)
                    await asyncio.sleep(0)

        async def fit() -> list[refit.RefitReport]:
            nonlocal done
            try:
                return await game.refit(1) or []
            finally:
                done = True

        watcher = asyncio.create_task(watch())
        await fit()
        await watcher
        assert seen_midway > 0, "the write ran in one go: nothing else ran between its first and last batch"
