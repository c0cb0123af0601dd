"""Presses per second through the whole Telegram stack: the fake Bot API over HTTP, the real Application, the
core and a SQLite file (or PostgreSQL with --postgres).

Players start with /start, then each keeps one press in flight: press the right answer, wait until the task
message is edited into the next task, press again. The latency is from the press (the update injected) to the
edited message. The fake's throttling is off; `--throttled` keeps our own rate limiter on
(Telegram's 30 messages/s then caps the figure). The last line is a JSON object.

    .venv/bin/python bench/telegram.py [--players 40 --presses 25 --throttled --postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

# This file's name would shadow the `telegram` package: import from the repository root, not from bench/.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from app import open_game  # noqa: E402
from bot.telegram.app import build_application  # noqa: E402
from bot.telegram.service import running  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramApi  # noqa: E402
from tests.fakes.telegram_models import StoredMessage, User  # noqa: E402
from tests.support import make_settings, postgres_database, text_pack  # noqa: E402


async def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the bot did not answer in time")
        await asyncio.sleep(0.003)  # polls the fake's state; finer polling costs the bot CPU time


def right(message: StoredMessage) -> str:
    number = int((message.text or "").split("number ")[1].split()[0])
    return "Human" if number % 2 == 0 else "Bot"


async def player(api: FakeTelegramApi, user: User, presses: int, latencies: list[float]) -> None:
    api.private_message(user, "/start")
    await until(lambda: len(api.bot_messages(user)) >= 2)
    for _ in range(presses):
        task = api.bot_messages(user)[-1]
        edits = len(task.edits)
        started = time.perf_counter()
        api.press(user, task, right(task))
        # A press edits the task message into the next task (a new message only when the kind of task changes).
        await until(lambda task=task, edits=edits: len(task.edits) > edits)
        latencies.append(time.perf_counter() - started)
        if "all the tasks" in (task.text or ""):
            return


async def run(args: argparse.Namespace, url: str, tmp: Path, api: FakeTelegramApi) -> dict[str, float]:
    settings = make_settings(
        tmp,
        url,
        tasks_min_answer_seconds="0",
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
    )
    latencies: list[float] = []
    async with open_game(settings, packs=[text_pack("spot-the-bot", items=4000)]) as game, AsyncExitStack() as stack:
        application = build_application(game, settings, token=api.token, throttled=args.throttled)
        await stack.enter_async_context(running(application, settings))
        users = [api.user(f"P{i}") for i in range(args.players)]
        started = time.perf_counter()
        await asyncio.gather(*(player(api, u, args.presses, latencies) for u in users))
        elapsed = time.perf_counter() - started
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100)
    presses = len(latencies)
    # Every press is one update; /start updates are left out of the rate (they are few and not the hot path).
    return {
        "presses": presses,
        "seconds": round(elapsed, 2),
        "presses_per_s": round(presses / elapsed, 1),
        "updates_per_s": round((presses + args.players) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p99_ms": round(quantiles[98] * 1000, 1),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--players", type=int, default=40)
    parser.add_argument("--presses", type=int, default=25)
    parser.add_argument("--throttled", action="store_true", help="keep the bot's own rate limiter on")
    parser.add_argument("--postgres", action="store_true", help="PostgreSQL on 127.0.0.1:5432 instead of SQLite")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeTelegramApi() as api, AsyncExitStack() as stack:
            if args.postgres:
                url = await stack.enter_async_context(postgres_database())
            else:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            result = await run(args, url, Path(tmp), api)
            errors = len(api.errors)
    result.update(database="postgresql" if args.postgres else "sqlite", throttled=args.throttled, api_errors=errors)
    print(
        f"{result['presses']} presses by {args.players} players in {result['seconds']} s: "
        f"{result['presses_per_s']} presses/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms "
        f"(update -> edited message; {result['database']}, throttled={args.throttled})"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(main())
