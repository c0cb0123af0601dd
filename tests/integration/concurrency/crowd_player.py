"""One worker process of the concurrency harness: its players press at the same moment as the other processes'.

Protocol on stdin/stdout with test_concurrency.py: the process starts its players (each is served a task) and
prints `ready`; on the line `go <link code>` every player answers, checks in twice at once and, for the first
two, enters the link code with a fresh identity, all at once; it prints one JSON line with what it saw.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from app import open_game
from core.errors import AlreadyCheckedIn, LinkError
from core.game.game import Game
from core.settings import Settings
from tests.support import make_settings, user

LINKERS = 2  # identities per process that enter the one link code


def harness_settings(data_dir: Path, database_url: str, min_overlap: int) -> Settings:
    """No gold and no minimum time, so every answer counts on the item and weighs the same (a fresh player's)."""
    return make_settings(
        data_dir,
        database_url,
        tasks_gold_rate="0",
        tasks_min_answer_seconds="0",
        tasks_default_min_overlap=str(min_overlap),
        tasks_default_max_overlap="100",
        points_answer="1",
    )


async def press(game: Game, n: int, task_id: int, code: str, links: bool) -> dict[str, Any]:
    """Everything one player does at once: the answer, a double check-in, and maybe the link code."""
    jobs: list[Any] = [game.answer(user(n), task_id, "bot"), game.check_in(user(n)), game.check_in(user(n))]
    if links:
        jobs.append(game.link(user(n, "discord"), code))
    results = await asyncio.gather(*jobs, return_exceptions=True)
    unexpected = [
        r for r in results if isinstance(r, BaseException) and not isinstance(r, AlreadyCheckedIn | LinkError)
    ]
    if unexpected:
        raise unexpected[0]
    return {
        "task": task_id,
        "check_ins": sum(not isinstance(r, BaseException) for r in results[1:3]),
        "linked": sum(not isinstance(r, BaseException) for r in results[3:]),
        "link_refused": sum(isinstance(r, LinkError) for r in results[3:]),
    }


async def main(database_url: str, data_dir: str, min_overlap: int, first: int, count: int) -> None:
    settings = harness_settings(Path(data_dir), database_url, min_overlap)
    async with open_game(settings, seed=False) as game:
        players = range(first, first + count)
        tasks = {}
        for n in players:
            prompt = (await game.start(user(n))).prompt
            assert prompt is not None, "every player is served the one item"
            tasks[n] = prompt.task_id
        print("ready", flush=True)
        line = await asyncio.to_thread(sys.stdin.readline)
        code = line.split()[1]
        seen = await asyncio.gather(*(press(game, n, tasks[n], code, n - first < LINKERS) for n in players))
        print(json.dumps(seen), flush=True)


if __name__ == "__main__":
    url, folder, overlap, start, size = sys.argv[1:6]
    asyncio.run(main(url, folder, int(overlap), int(start), int(size)))
