"""A process killed at any moment loses no acknowledged answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from app import open_game
from core.db.tables import Assignment, LedgerEntry
from tests.support import make_settings

ROOT = Path(__file__).resolve().parents[3]


async def test_kill_9_loses_no_acknowledged_answer(database_url: str, tmp_path: Path) -> None:
    acked: set[int] = set()
    for kill_after in (7, 61, 240):  # three crashes at different depths of the same database
        player = subprocess.Popen(
            [sys.executable, "-m", "tests.integration.game.crash_player", database_url, str(tmp_path)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert player.stdout is not None
        seen = 0
        for line in player.stdout:
            if line.startswith("ack "):
                acked.add(int(line.split()[1]))
                seen += 1
                if seen == kill_after:
                    player.send_signal(signal.SIGKILL)
                    break
        player.wait(timeout=30)
        assert player.returncode == -signal.SIGKILL, player.stderr.read() if player.stderr else ""

    settings = make_settings(tmp_path, database_url)
    async with open_game(settings, seed=False) as game:

        async def check(session):
            answered = set(await session.scalars(select(Assignment.id).where(Assignment.answered_at.is_not(None))))
            points = await session.scalar(
                select(func.count()).select_from(LedgerEntry).where(LedgerEntry.reason == "answer")
            )
            return answered, points

        answered, entries = await game.deps.db.transaction(check)
    assert acked <= answered  # every acknowledged answer is there
    assert entries == len(answered)  # and each was paid once, with nothing half-written
