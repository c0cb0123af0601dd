"""Statements per answer on PostgreSQL: what one `Game.answer` sends to the server, counted at the driver.

Players answer in turn on a fresh database (the default pack, pools and the engagement reserve funded, gold off so
every answer lands on a real item); the counts are the median over the answers that did not settle their item, and
over those that did, with participation points (`--points-answer N`, the paying path) or without. The last line is a
JSON object.

    .venv/bin/python bench/answer_statements.py [--points-answer N] [--answers N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import open_game
from core.clock import FixedClock
from tests.support import fund_pools, make_settings, postgres_database, text_pack, user


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--points-answer", type=int, default=0)
    parser.add_argument("--answers", type=int, default=120)
    args = parser.parse_args()
    clock = FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    counted = [0]

    def count(*_: Any) -> None:
        counted[0] += 1

    with tempfile.TemporaryDirectory() as tmp:
        async with postgres_database() as url:
            settings = make_settings(
                Path(tmp),
                url,
                tasks_gold_rate="0",
                tasks_default_min_overlap="3",
                tasks_default_max_overlap="3",
                points_answer=str(args.points_answer),
            )
            pack = text_pack("count", items=400, gold_every=10**6)
            async with open_game(settings, clock=clock, packs=[pack]) as game:
                await fund_pools(game)
                players = [user(n) for n in range(1, 13)]
                prompts = {who: (await game.start(who)).prompt for who in players}
                await game.check_in(players[0])  # today's budget is open before the counting starts
                event.listen(game.deps.db.engine.sync_engine, "before_cursor_execute", count)
                plain, settling = [], []
                for n in range(args.answers):
                    who = players[n % len(players)]
                    prompt = prompts[who]
                    if prompt is None:
                        continue
                    clock.advance(seconds=5)
                    counted[0] = 0
                    outcome = await game.answer(who, prompt.task_id, "bot")
                    (settling if outcome.points > args.points_answer else plain).append(counted[0])
                    prompts[who] = outcome.next_prompt
    print(
        json.dumps(
            {
                "points_answer": args.points_answer,
                "statements_per_answer": statistics.median(plain),
                "statements_per_settling_answer": statistics.median(settling) if settling else None,
                "answers": len(plain),
                "settling_answers": len(settling),
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
