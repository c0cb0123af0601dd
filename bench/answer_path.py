"""The answer path under load: answer + next task cycles through the core on SQLite and PostgreSQL.

Fills a database with players, items and answers (default 100,000 / 200,000 / 1,000,000), then plays cycles
(one `Game.answer`, which records the answer and serves the next task in one transaction) one after another on
one event loop, and prints cycles per second and latency percentiles. The last line is a JSON object.

    .venv/bin/python bench/answer_path.py [--players N --items N --answers N --cycles N] [--no-postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import open_game
from bench.fill import fill_postgres, fill_sqlite
from core.clock import FixedClock
from core.game.game import Game
from core.settings import load_settings
from core.types import UserRef
from tests.support import postgres_database

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def run_cycles(game: Game, clock: FixedClock, players: int, cycles: int) -> list[float]:
    """Each of `players` existing players answers in turn; the clock moves so every answer counts."""
    users = [UserRef("telegram", str(1_000_000 + i), f"p{i}") for i in range(players)]
    prompts = {}
    for who in users:
        prompts[who] = (await game.start(who)).prompt
    latencies = []
    for n in range(cycles):
        who = users[n % players]
        prompt = prompts[who]
        if prompt is None:
            continue
        clock.advance(seconds=2)
        began = time.perf_counter()
        outcome = await game.answer(who, prompt.task_id, prompt.choices[n % 2].key)
        latencies.append(time.perf_counter() - began)
        prompts[who] = outcome.next_prompt
    return latencies


def summary(latencies: list[float]) -> dict[str, float]:
    ordered = sorted(latencies)
    total = sum(ordered)
    return {
        "cycles": len(ordered),
        "cycles_per_s": round(len(ordered) / total, 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 3),
        "p99_ms": round(ordered[int(len(ordered) * 0.99) - 1] * 1000, 3),
    }


async def bench_database(url: str, data_dir: Path, args: argparse.Namespace) -> dict[str, float]:
    settings = load_settings(env={"CHATLABEL_DATA_DIR": str(data_dir), "CHATLABEL_DATABASE_URL": url})
    clock = FixedClock(START)
    async with open_game(settings, clock=clock, packs=[]) as game:
        began = time.perf_counter()
        if url.startswith("sqlite"):
            fill_sqlite(url.split("///", 1)[1], args.players, args.items, args.answers, START - timedelta(days=30))
        else:
            await fill_postgres(url, args.players, args.items, args.answers, START - timedelta(days=30))
        print(f"  filled in {time.perf_counter() - began:.1f} s", flush=True)
        await run_cycles(game, clock, args.bench_players, args.warmup)
        cpu_before = time.process_time()
        latencies = await run_cycles(game, clock, args.bench_players, args.cycles)
        cpu = time.process_time() - cpu_before
    # CPU seconds of this process per cycle (all its threads): what a cycle costs on a quiet core, whatever
    # else the machine is doing; the database server's own CPU is not included for PostgreSQL.
    return {**summary(latencies), "cpu_ms_per_cycle": round(cpu / len(latencies) * 1000, 3)}


def rounds(args: argparse.Namespace) -> Iterator[str]:
    yield "sqlite"
    if not args.no_postgres:
        yield "postgres"


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--cycles", type=int, default=5_000)
    parser.add_argument("--warmup", type=int, default=500)
    parser.add_argument("--bench-players", type=int, default=500, help="how many of the players take turns")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    results: dict[str, float] = {}
    for backend in rounds(args):
        print(f"{backend}: {args.players:,} players, {args.items:,} items, {args.answers:,} answers", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "sqlite":
                figures = await bench_database(f"sqlite+aiosqlite:///{tmp}/bench.db", Path(tmp), args)
            else:
                async with postgres_database() as url:
                    figures = await bench_database(url, Path(tmp), args)
        print(
            f"  {figures['cycles']} cycles: {figures['cycles_per_s']} cycles/s, "
            f"p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, "
            f"{figures['cpu_ms_per_cycle']} ms of CPU per cycle",
            flush=True,
        )
        results.update({f"{backend}_{key}": value for key, value in figures.items()})
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results))


if __name__ == "__main__":
    asyncio.run(main())
