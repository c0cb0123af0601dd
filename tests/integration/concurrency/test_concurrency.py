"""Several worker processes × many coroutines on one PostgreSQL database, all pressing at the same moment.

READ COMMITTED lets two transactions read a row and both write it back; SQLite's single writer hides that, so
these run on PostgreSQL only. Each scenario serves one item to every player, then releases all presses at once:
answers (which settle the item mid-flight when `min_overlap` is small), two check-ins per player, and one link
code entered by several fresh identities. The invariants then read only the rows.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app import open_game
from tests.integration.concurrency import invariants, processes
from tests.integration.concurrency.crowd_player import LINKERS, harness_settings
from tests.integration.concurrency.processes import release_together
from tests.integration.game.crash_ledger import check_invariants
from tests.support import fund_pools, postgres_database, text_pack, user

CROWD = "tests.integration.concurrency.crowd_player"
PROCESSES, PLAYERS = 3, 8  # 24 players, 72 presses at once

pytestmark = pytest.mark.postgres
PACK = text_pack("crowd", items=2, gold_every=1000)  # item 0 is gold (never served at gold_rate 0), item 1 is not


def spawn(database_url: str, data_dir: Path, min_overlap: int, first: int) -> subprocess.Popen[str]:
    return processes.spawn(CROWD, database_url, data_dir, min_overlap, first, PLAYERS)


@pytest.mark.parametrize("min_overlap", [100, 3], ids=["stays-open", "settles-mid-flight"])
async def test_presses_at_once_from_several_processes_count_once(tmp_path: Path, min_overlap: int) -> None:
    async with postgres_database() as url:
        settings = harness_settings(tmp_path, url, min_overlap)
        async with open_game(settings, packs=[PACK]) as game:
            await fund_pools(game)  # check-ins draw on the engagement reserve, settlements on the campaign's pool
            await game.start(user(0))
            code = (await game.create_link_code(user(0))).code
            workers = [spawn(url, tmp_path, min_overlap, 1 + p * PLAYERS) for p in range(PROCESSES)]
            # Every player holds the item before anyone presses.
            seen = [press for pressed in release_together(workers, f"go {code}") for press in pressed]
            players = PROCESSES * PLAYERS
            assert sum(s["check_ins"] for s in seen) == players
            assert sum(s["linked"] for s in seen) == 1
            assert sum(s["link_refused"] for s in seen) == PROCESSES * LINKERS - 1

            async def check(session) -> None:  # type: ignore[no-untyped-def]
                await invariants.posterior_is_the_sum_of_its_answers(session)
                await invariants.one_check_in_per_day(session, players)
                await invariants.link_code_used_once(session, code)
                await check_invariants(session, [s["task"] for s in seen], settings)

            await game.deps.db.transaction(check)
