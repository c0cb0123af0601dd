"""Processes killed at random moments while several players answer, settle, level up and invite lose nothing
and pay nothing twice.

The invariants read only the ledger, the cached totals and the rows the use cases write (`crash_ledger.py`),
so they hold whatever the ledger's accounts become.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from app import open_game
from tests.integration.game.crash_ledger import check_invariants
from tests.integration.game.crash_player import crash_settings

ROOT = Path(__file__).resolve().parents[3]
RUNS = 4


def run_until_killed(database_url: str, data_dir: Path, rng: random.Random, acked: list[int]) -> None:
    """One process, SIGKILLed after a random number of acknowledged answers plus a random few milliseconds,
    so the other players are caught anywhere inside their transactions."""
    kill_after = rng.randint(15, 90)
    player = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.game.crash_player",
            database_url,
            str(data_dir),
            str(rng.randrange(2**32)),
        ],
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
            acked.append(int(line.split()[1]))
            seen += 1
            if seen == kill_after:
                time.sleep(rng.random() * 0.03)
                player.send_signal(signal.SIGKILL)
                break
    player.wait(timeout=30)
    assert player.returncode == -signal.SIGKILL, player.stderr.read() if player.stderr else ""


async def test_sigkill_at_random_points_keeps_the_ledger_whole(database_url: str, tmp_path: Path) -> None:
    rng = random.Random(20260105)
    acked: list[int] = []
    for _ in range(RUNS):  # several crashes at different depths of the same database
        run_until_killed(database_url, tmp_path, rng, acked)
    settings = crash_settings(tmp_path, database_url)
    async with open_game(settings, seed=False) as game:
        report = await game.deps.db.transaction(lambda session: check_invariants(session, acked, settings))
    # The run really exercised what it claims to: answers settled items, players levelled up, invites paid.
    assert report.settled_items > 0 and report.level_ups > 0 and report.referrals > 0, report
