"""Several players answering at once, through invites, settlements and level-ups; each answer is printed once
the core has acknowledged it.

Run by test_crash.py, which kills this process with SIGKILL at random moments and restarts it on the same
database, so each run picks up where the last one died.
"""

from __future__ import annotations

import asyncio
import random
import re
import sys
from pathlib import Path

from app import open_game
from core.errors import ReferralError
from core.game.game import Game
from core.settings import Settings
from core.types import Prompt
from tests.support import fund_pools, make_settings, text_pack, user

PLAYERS = 4
NUMBER = re.compile(r"number (\d+)")


def crash_settings(data_dir: Path, database_url: str) -> Settings:
    # Every answer counts and earns a point; settled items pay the pool; level-ups and invites pay too.
    return make_settings(
        data_dir,
        database_url,
        tasks_min_answer_seconds="0",
        points_answer="1",
        tasks_gold_rate="0.5",
        rewards_engagement_points_per_day="100000",
    )


def mostly_right(prompt: Prompt, rng: random.Random) -> str:
    """The test pack's known answer (even numbers are human) nine times in ten, so consensus mostly agrees."""
    right = "human" if int(NUMBER.search(prompt.text)[1]) % 2 == 0 else "bot"  # type: ignore[index]
    return right if rng.random() < 0.9 else ("bot" if right == "human" else "human")


async def join(game: Game, n: int, code: str | None) -> Prompt | None:
    """Join through the inviter's code the first time; a restarted process rejoins plainly."""
    try:
        return (await game.start(user(n), code)).prompt
    except ReferralError:
        return (await game.start(user(n))).prompt


async def play(game: Game, n: int, code: str | None, rng: random.Random) -> None:
    prompt = await join(game, n, code)
    while prompt is not None:
        outcome = await game.answer(user(n), prompt.task_id, mostly_right(prompt, rng))
        print(f"ack {prompt.task_id}", flush=True)  # only after the transaction committed
        prompt = outcome.next_prompt
        await asyncio.sleep(0)


async def main(database_url: str, data_dir: str, seed: int) -> None:
    settings = crash_settings(Path(data_dir), database_url)
    async with open_game(settings, packs=[text_pack("crash", items=3000)]) as game:
        await fund_pools(game, engagement=100_000)  # every restart backs the pools afresh: the book stays covered
        await join(game, 1, None)
        code = (await game.invite(user(1))).code  # the others were invited by player 1
        rng = random.Random(seed)
        players = [play(game, n, code if n > 1 else None, random.Random(rng.random())) for n in range(1, PLAYERS + 1)]
        await asyncio.gather(*players)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
