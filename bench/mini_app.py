"""Answers per second through the Mini App's HTTP API: `chatlabel run` processes, players over HTTP.

The service runs as `chatlabel run` (one worker, then `--workers 2`, which needs PostgreSQL and Telegram's webhook
mode) with a Telegram token against the fake Bot API, so /app is mounted as in production; the players run in
this process. Each player opens the app (POST /app/api/start with init data signed for them by the bot's token)
and keeps one answer in flight: POST /app/api/answer, read the next card from the response, answer it.
Latency is from sending the request to the parsed response, next card included. Runs, each on a fresh
database: SQLite with one worker, PostgreSQL with one and with two workers. The last line is a JSON object.

Both sides' CPU per answer is reported too (`server_cpu_ms`: the service's processes; `client_cpu_ms`: this one,
the players and the fake Bot API): on shared cores the service's CPU per answer moves less than answers/s, and
the client's shows whether the players, not the service, set the pace.

    .venv/bin/python bench/mini_app.py [--players 40 --answers 40]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import resource
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)  # bench/telegram.py would shadow the `telegram` package

from bench.telegram import free_port, service_env, start_service, stop_service  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramApi  # noqa: E402
from tests.fakes.telegram_web_app import init_data  # noqa: E402
from tests.support import postgres_database  # noqa: E402


class Refused(Exception):
    pass


def cpu_seconds(service: psutil.Process) -> tuple[float, float]:
    """CPU used so far by the service (with its worker processes) and by this process."""
    server = 0.0
    for process in [service, *service.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        server += times.user + times.system
    own = resource.getrusage(resource.RUSAGE_SELF)
    return server, own.ru_utime + own.ru_stime


async def call(session: aiohttp.ClientSession, url: str, auth: str, body: dict) -> dict:
    async with session.post(url, json=body, headers={"authorization": auth}) as response:
        data = await response.json()
        if response.status != 200:
            raise Refused(f"{response.status}: {data}")
        return data


async def player(
    session: aiohttp.ClientSession, base: str, token: str, n: int, answers: int, latencies: list[float]
) -> int:
    auth = "tma " + init_data(900_000 + n, f"Player {n}", auth_date=time.time(), token=token)
    card = (await call(session, f"{base}/app/api/start", auth, {}))["card"]
    refused = 0
    for _ in range(answers):
        if card is None:
            break
        body = {"task_id": card["task_id"], "choice": card["choices"][n % len(card["choices"])]["key"]}
        started = time.perf_counter()
        try:
            outcome = await call(session, f"{base}/app/api/answer", auth, body)
        except Refused:
            refused += 1
            break
        latencies.append(time.perf_counter() - started)
        card = outcome["next"]
    return refused


async def measure(args: argparse.Namespace, url: str, data_dir: Path, workers: int) -> dict:
    async with FakeTelegramApi() as api:
        port = free_port()
        # Several workers need the webhook (only one process may poll).
        env = service_env(api, url, data_dir, port, webhook=workers > 1)
        service = await start_service(env, workers)
        base = f"http://127.0.0.1:{port}"
        try:
            connector = aiohttp.TCPConnector(limit=args.players, force_close=False)
            async with aiohttp.ClientSession(connector=connector) as session:
                latencies: list[float] = []
                watched = psutil.Process(service.pid)
                server_before, client_before = cpu_seconds(watched)
                started = time.perf_counter()
                refused = await asyncio.gather(
                    *(player(session, base, api.token, n, args.answers, latencies) for n in range(args.players))
                )
                elapsed = time.perf_counter() - started
                server_after, client_after = cpu_seconds(watched)
        finally:
            await stop_service(service)
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "answers": len(latencies),
        "seconds": round(elapsed, 2),
        "answers_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 2),
        "p99_ms": round(quantiles[98] * 1000, 2),
        "refused": sum(refused),
        "server_cpu_ms": round((server_after - server_before) / len(latencies) * 1000, 3),
        "client_cpu_ms": round((client_after - client_before) / len(latencies) * 1000, 3),
    }


async def run(args: argparse.Namespace, workers: int, postgres: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        async with AsyncExitStack() as stack:
            if postgres:
                url = await stack.enter_async_context(postgres_database())
            else:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            result = await measure(args, url, Path(tmp), workers)
    result["database"] = "postgresql" if postgres else "sqlite"
    print(
        f"{workers} worker{'s' if workers > 1 else ' '} {result['database']:<10} {result['answers']} answers in "
        f"{result['seconds']} s: {result['answers_per_s']} answers/s, p50 {result['p50_ms']} ms, "
        f"p99 {result['p99_ms']} ms, {result['refused']} refused; CPU per answer: service "
        f"{result['server_cpu_ms']} ms, players {result['client_cpu_ms']} ms",
        flush=True,
    )
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--players", type=int, default=40)
    parser.add_argument("--answers", type=int, default=40, help="answers per player")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    sqlite = await run(args, 1, postgres=False)
    postgres = await run(args, 1, postgres=True)
    postgres2 = await run(args, 2, postgres=True)
    print(
        json.dumps(
            {
                "answers_per_s": postgres["answers_per_s"],
                "p50_ms": postgres["p50_ms"],
                "p99_ms": postgres["p99_ms"],
                "answers_per_s_2_workers": postgres2["answers_per_s"],
                "p99_ms_2_workers": postgres2["p99_ms"],
                "sqlite_answers_per_s": sqlite["answers_per_s"],
                "sqlite_p99_ms": sqlite["p99_ms"],
                "server_cpu_ms_per_answer": postgres["server_cpu_ms"],
                "client_cpu_ms_per_answer": postgres["client_cpu_ms"],
                "sqlite_server_cpu_ms_per_answer": sqlite["server_cpu_ms"],
                "sqlite_client_cpu_ms_per_answer": sqlite["client_cpu_ms"],
                "database": postgres["database"],
                "players": args.players,
                "refused": sqlite["refused"] + postgres["refused"] + postgres2["refused"],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
