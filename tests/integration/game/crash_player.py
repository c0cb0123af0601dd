"""A player that answers as fast as it can and prints each answer once the core has acknowledged it.

Run by test_crash.py, which kills this process with SIGKILL at an arbitrary moment.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from app import open_game
from tests.support import fund_pools, make_settings, text_pack, user


async def main(database_url: str, data_dir: str) -> None:
    settings = make_settings(
        Path(data_dir),
        database_url,
        tasks_min_answer_seconds="0",
        points_answer="1",
        rewards_engagement_points_per_day="100000",
    )
    async with open_game(settings, packs=[text_pack("crash", items=3000)]) as game:
        await fund_pools(game, points=0, engagement=100_000)
        for n in range(1, 4):
            prompt = (await game.start(user(n))).prompt
            while prompt is not None:
                outcome = await game.answer(user(n), prompt.task_id, "bot")
                print(f"ack {prompt.task_id}", flush=True)  # only after the transaction committed
                prompt = outcome.next_prompt


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
