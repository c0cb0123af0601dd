"""One worker process of the crossing-settlements harness: its players answer round after round, at the same time
as the other processes' players, on items of several campaigns that settle after three agreeing answers.

Each settlement pays its three winners, who are answering other items meanwhile: settlements of different items
and pools reach the same players' pending points and accounts from every process at once, in every order.

Protocol on stdin/stdout with test_crossing_settlements.py: the process starts its players (each is served a task)
and prints `ready`; on the line `go` every player answers `ROUNDS` tasks one after another and checks in once
along the way; it prints one JSON line with the answers it was told were recorded and the failures it met.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from app import open_game
from core.game.game import Game
from core.settings import Settings
from core.types import Prompt
from tests.support import make_settings, user

ROUNDS = 8
OVERLAP = 3  # answers that settle an item, all agreeing: three winners per settlement


def settling_settings(data_dir: Path, database_url: str, points_answer: int, budget: int) -> Settings:
    """No gold, no minimum time; items settle after OVERLAP answers; answers pay `points_answer` each from a day's
    budget of `budget` points."""
    return make_settings(
        data_dir,
        database_url,
        tasks_gold_rate="0",
        tasks_min_answer_seconds="0",
        tasks_default_min_overlap=str(OVERLAP),
        tasks_default_max_overlap=str(OVERLAP),
        points_answer=str(points_answer),
        rewards_engagement_points_per_day=str(budget),
    )


async def play(game: Game, n: int, prompt: Prompt | None) -> dict[str, Any]:
    """ROUNDS answers one after another, and a check-in after the first; failures are counted, not raised."""
    recorded: list[int] = []
    failures: list[str] = []
    for round_ in range(ROUNDS):
        if prompt is None:
            break
        try:
            outcome = await game.answer(user(n), prompt.task_id, "bot")
        except Exception as exc:  # a deadlock that outlived its retries, say
            failures.append(type(exc).__name__)
            break
        recorded.append(prompt.task_id)
        prompt = outcome.next_prompt
        if round_ == 0:
            try:
                await game.check_in(user(n))
            except Exception as exc:
                failures.append(type(exc).__name__)
    return {"recorded": recorded, "failures": failures}


async def main(database_url: str, data_dir: str, first: int, count: int, points_answer: int, budget: int) -> None:
    async with open_game(settling_settings(Path(data_dir), database_url, points_answer, budget), seed=False) as game:
        players = range(first, first + count)
        prompts = {n: (await game.start(user(n))).prompt for n in players}
        print("ready", flush=True)
        await asyncio.to_thread(sys.stdin.readline)
        seen = await asyncio.gather(*(play(game, n, prompts[n]) for n in players))
        print(json.dumps(seen), flush=True)


if __name__ == "__main__":
    url, folder, start, size, points, day_budget = sys.argv[1:7]
    asyncio.run(main(url, folder, int(start), int(size), int(points), int(day_budget)))
