"""Interactions per second through the whole Discord stack: raw INTERACTION_CREATE payloads into the real
discord.py client, the adapter, the core on a SQLite file, responses recorded by the fake Discord edge.

Each cycle is one button press (the task message rewritten into the verdict and the next task); every tenth is
a /profile or /top.
Prints the figures; the last line is a JSON object with interactions_per_s, p50_ms and p99_ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, this folder comes first on the path and this file would shadow the discord package.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

from app import open_game  # noqa: E402
from bot.discord.app import build_bot  # noqa: E402
from core.clock import FixedClock  # noqa: E402
from tests.fakes.discord_edge import DiscordEdge  # noqa: E402
from tests.support import make_settings, text_pack  # noqa: E402


async def run(players: int, presses: int, url: str | None) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="chatlabel-bench-"))
    settings = make_settings(folder, url or f"sqlite+aiosqlite:///{folder / 'bench.db'}", tasks_min_answer_seconds="0")
    clock = FixedClock(datetime(2026, 1, 5, 10, tzinfo=UTC))
    edge = DiscordEdge(timeout=30)
    async with open_game(settings, clock=clock, packs=[text_pack("bench", items=5000, gold_every=5)]) as game:
        bot = await edge.attach(build_bot(game, settings))
        users = [edge.user(f"player{i}") for i in range(players)]
        tasks = {}
        for user in users:
            record = await edge.slash("start", user=user)
            tasks[user.id] = record.followups[-1]
        latencies: list[float] = []
        began = time.perf_counter()
        for n in range(presses):
            user = users[n % players]
            start = time.perf_counter()
            if n % 10 == 9:
                await edge.slash("profile" if n % 20 == 19 else "top", user=user)
            else:
                task = tasks[user.id]
                record = await edge.press(task, task.custom_ids[0], user=user)
                # The press rewrites its message into the next task (UPDATE_MESSAGE); a follow-up only for news.
                shown = [m for m in (*reversed(record.followups), record.original) if m is not None and m.custom_ids]
                tasks[user.id] = shown[0]
            latencies.append((time.perf_counter() - start) * 1000)
        elapsed = time.perf_counter() - began
        await bot.close()
    assert not edge.violations, edge.violations[:3]
    latencies.sort()
    return {
        "interactions": presses,
        "players": players,
        "interactions_per_s": round(presses / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1], 2),
        "max_ms": round(latencies[-1], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", type=int, default=50)
    parser.add_argument("--interactions", type=int, default=2000)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    args = parser.parse_args()
    figures = asyncio.run(run(args.players, args.interactions, args.database_url))
    print(f"{figures['interactions']} interactions by {figures['players']} players")
    print(f"throughput: {figures['interactions_per_s']} interactions/s")
    print(f"latency: p50 {figures['p50_ms']} ms, p99 {figures['p99_ms']} ms, max {figures['max_ms']} ms")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
