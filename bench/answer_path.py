"""The answer path under load: answer + next task cycles through the core on SQLite and PostgreSQL.

Fills a database with players, items and answers (default 100,000 / 200,000 / 1,000,000), then plays cycles
(one `Game.answer`, which records the answer and serves the next task in one transaction) one after another on
one event loop, and prints cycles per second and latency percentiles. On PostgreSQL the same cycles then run in
two separate processes at once (`postgres_2_workers_cycles_per_s`, the sum of theirs); on SQLite, presses go on
while a campaign's export with its answers and a refit run (`max_press_ms_during_export`, the longest press).
The last line is a JSON object.

    .venv/bin/python bench/answer_path.py [--players N --items N --answers N --cycles N] [--no-postgres]
        [--points-answer N]

`--points-answer N` pays N participation points per counted answer from a funded engagement budget: the paying
path, which also moves the player's pending points and the day's budget.
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
from core.game import book
from core.game.game import Game
from core.game.money import funding
from core.settings import Settings, load_settings
from core.types import Prompt, UserRef
from tests.support import postgres_database

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ADMIN = "bench-admin"  # the console admin who exports while the others play
PAID_DAY = 10**9  # the engagement budget of a day with --points-answer: never spent within a run


class Turns:
    """`players` existing players (from `offset` on) answering in turn; the clock moves so every answer counts."""

    def __init__(self, game: Game, clock: FixedClock, players: int, offset: int = 0) -> None:
        self.game, self.clock = game, clock
        self.users = [UserRef("telegram", str(1_000_000 + offset + i), f"p{i}") for i in range(players)]
        self.prompts: dict[UserRef, Prompt | None] = {}
        self.n = 0

    async def start(self) -> None:
        for who in self.users:
            self.prompts[who] = (await self.game.start(who)).prompt

    async def press(self) -> float | None:
        """One answer + next task; its wall time (which includes any stall of the event loop), or None."""
        who = self.users[self.n % len(self.users)]
        self.n += 1
        prompt = self.prompts[who]
        if prompt is None:
            return None
        self.clock.advance(seconds=2)
        began = time.perf_counter()
        outcome = await self.game.answer(who, prompt.task_id, prompt.choices[self.n % 2].key)
        self.prompts[who] = outcome.next_prompt
        return time.perf_counter() - began


async def run_cycles(game: Game, clock: FixedClock, players: int, cycles: int, offset: int = 0) -> list[float]:
    turns = Turns(game, clock, players, offset)
    await turns.start()
    latencies = [await turns.press() for _ in range(cycles)]
    return [latency for latency in latencies if latency is not None]


async def presses_during_export(game: Game, clock: FixedClock, data_dir: Path, players: int) -> float:
    """The longest press while a campaign's export (with answers) and a refit run beside the presses, counting
    the time it waited for the event loop."""
    turns = Turns(game, clock, players, offset=players)
    await turns.start()
    admin = UserRef("console", ADMIN, ADMIN)
    export = asyncio.create_task(game.campaigns.export(admin, 1, "csv", dest=data_dir / "export.csv"))
    refit = asyncio.create_task(game.refit(1))
    longest = 0.0
    while not (export.done() and refit.done()):
        # From when the press could run: a bot yields between updates (on SQLite a press itself may never
        # suspend), and an update that arrives waits for whatever the loop runs meanwhile (a refit's write).
        ready = time.perf_counter()
        await asyncio.sleep(0)
        waited = time.perf_counter() - ready
        longest = max(longest, waited + (await turns.press() or 0.0))
    await export, await refit
    return round(longest * 1000, 1)


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
    clock = FixedClock(START)
    async with open_game(bench_settings(url, data_dir, args.points_answer), clock=clock, packs=[]) as game:
        began = time.perf_counter()
        if url.startswith("sqlite"):
            fill_sqlite(url.split("///", 1)[1], args.players, args.items, args.answers, START - timedelta(days=30))
        else:
            await fill_postgres(url, args.players, args.items, args.answers, START - timedelta(days=30))
        if args.points_answer:  # every answer of the day is paid from the reserve, the two workers' included
            await funding.draw(game.deps, book.ENGAGEMENT, PAID_DAY, 10**30, "bench")
        print(f"  filled in {time.perf_counter() - began:.1f} s", flush=True)
        await run_cycles(game, clock, args.bench_players, args.warmup)
        cpu_before = time.process_time()
        latencies = await run_cycles(game, clock, args.bench_players, args.cycles)
        cpu = time.process_time() - cpu_before
        # CPU seconds of this process per cycle (all its threads): what a cycle costs on a quiet core, whatever
        # else the machine is doing; the database server's own CPU is not included for PostgreSQL.
        figures = {**summary(latencies), "cpu_ms_per_cycle": round(cpu / len(latencies) * 1000, 3)}
        if url.startswith("sqlite"):
            figures["max_press_ms_during_export"] = await presses_during_export(
                game, clock, data_dir, args.bench_players
            )
    if not url.startswith("sqlite"):
        figures["2_workers_cycles_per_s"] = await two_workers(url, args)
    return figures


def bench_settings(url: str, data_dir: Path, points_answer: int = 0) -> Settings:
    env = {
        "CHATLABEL_DATA_DIR": str(data_dir),
        "CHATLABEL_DATABASE_URL": url,
        "CHATLABEL_ADMINS_CONSOLE": f'["{ADMIN}"]',
        "CHATLABEL_POINTS_ANSWER": str(points_answer),
        "CHATLABEL_REWARDS_ENGAGEMENT_POINTS_PER_DAY": str(PAID_DAY),
    }
    return load_settings(env=env)


async def two_workers(url: str, args: argparse.Namespace) -> float:
    """Two separate processes, each with its own players, answering at once: the sum of their cycles/s."""
    base = [sys.executable, __file__, "--worker", url, "--cycles", str(args.cycles), "--warmup", str(args.warmup)]
    base += ["--points-answer", str(args.points_answer)]
    procs = [
        await asyncio.create_subprocess_exec(
            *base,
            "--bench-players",
            str(args.bench_players),
            "--offset",
            str((2 + k) * args.bench_players),
            stdout=asyncio.subprocess.PIPE,
        )
        for k in range(2)
    ]
    outputs = [await proc.communicate() for proc in procs]
    rates = [json.loads(out.decode().strip().splitlines()[-1])["cycles_per_s"] for out, _ in outputs]
    print(f"  2 workers: {' + '.join(map(str, rates))} cycles/s", flush=True)
    return round(sum(rates), 1)


async def worker(url: str, args: argparse.Namespace) -> None:
    """One of `two_workers`' processes, on the database the parent filled."""
    with tempfile.TemporaryDirectory() as tmp:
        clock = FixedClock(START)
        async with open_game(bench_settings(url, Path(tmp), args.points_answer), clock=clock, packs=[]) as game:
            await run_cycles(game, clock, args.bench_players, args.warmup, args.offset)
            latencies = await run_cycles(game, clock, args.bench_players, args.cycles, args.offset)
    print(json.dumps(summary(latencies)))


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
    parser.add_argument("--points-answer", type=int, default=0, help="participation points per counted answer")
    parser.add_argument("--worker", metavar="URL", help=argparse.SUPPRESS)  # a process of the 2-worker round
    parser.add_argument("--offset", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        await worker(args.worker, args)
        return
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
        export_stall = figures.pop("max_press_ms_during_export", None)
        if export_stall is not None:
            results["max_press_ms_during_export"] = export_stall
        results.update({f"{backend}_{key}": value for key, value in figures.items()})
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results))


if __name__ == "__main__":
    asyncio.run(main())
