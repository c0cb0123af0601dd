"""Presses per second through the whole Telegram stack: `chatlabel run` processes against the fake Bot API.

The fake Bot API and the simulated players run in this process; the bot runs as `chatlabel run` in processes
of its own, so the fake's HTTP work is not counted as the bot's. Three runs, each on a fresh database:
long polling with one worker, webhook mode with one worker, webhook mode with two workers (`--workers 2`,
which needs PostgreSQL). The bot's own rate limiter is off (`telegram.rate_limiter = false`; with it on,
Telegram's 30 messages/s cap the figure) and so is the fake's throttling.

Players first /start, then each keeps one press in flight: press a choice, wait until the press is answered
and the next task is shown (a new message or the same one edited), press again. Latency is from the press (the
update handed to the bot) to the next task. `api_calls_per_press` counts the Bot API calls the bot made during
the presses, per press; `limited_calls_per_press` only those that count against Telegram's limit of about one
message or edit per second in a chat (answering the callback does not). The last line is a JSON object.

    .venv/bin/python bench/telegram.py [--players 40 --presses 25 --sqlite]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import signal
import socket
import statistics
import sys
import tempfile
import time
from contextlib import AsyncExitStack
from pathlib import Path

# This file's name would shadow the `telegram` package: import from the repository root, not from bench/.
ROOT = Path(__file__).resolve().parent.parent
sys.path[0] = str(ROOT)

from tests.fakes.telegram_api import FakeTelegramApi  # noqa: E402
from tests.fakes.telegram_models import CallbackRecord, StoredMessage, User  # noqa: E402
from tests.support import postgres_database  # noqa: E402

SECRET = "bench_webhook_secret_0123456789abcdef"
DRAINS: set[asyncio.Task[None]] = set()
SETUP_CALLS = {"getUpdates", "getMe", "setWebhook", "deleteWebhook", "setMyCommands", "getWebhookInfo"}
UNLIMITED_CALLS = SETUP_CALLS | {"answerCallbackQuery"}  # not counted against a chat's rate limit


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def until(predicate, timeout: float = 60.0) -> None:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the bot did not answer in time")
        await asyncio.sleep(0.003)


def task_of(api: FakeTelegramApi, user: User) -> StoredMessage | None:
    """The player's latest message with choice buttons (None between an answer and the next task)."""
    for message in reversed(api.bot_messages(user)):
        if any("callback_data" in button for button in message.buttons):
            return message
    return None


async def press_once(api: FakeTelegramApi, user: User, latencies: list[float]) -> bool:
    """One press and the wait for the next task; False when the player has no task left."""
    task = task_of(api, user)
    if task is None:
        return False
    before = (task.message_id, task.content)
    started = time.perf_counter()
    press = api.press(user, task, task.buttons[0]["callback_data"])

    def moved_on(press: CallbackRecord = press) -> bool:
        latest = task_of(api, user)
        left = latest is None and "all the tasks" in (api.bot_messages(user)[-1].text or "")
        return press.answered and (left or (latest is not None and (latest.message_id, latest.content) != before))

    await until(moved_on)
    latencies.append(time.perf_counter() - started)
    return task_of(api, user) is not None


async def start_service(env: dict[str, str], workers: int) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys, cli; sys.exit(cli.main(sys.argv[1:]))",
        "run",
        "--workers",
        str(workers),
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    started = 0
    assert process.stderr is not None
    async with asyncio.timeout(180):
        while started < workers:
            line = (await process.stderr.readline()).decode()
            if not line:
                raise RuntimeError("the service ended during start-up")
            started += "telegram bot @" in line and " started" in line
    DRAINS.add(asyncio.create_task(_drain(process)))  # its log must not fill the pipe and stall it
    return process


async def _drain(process: asyncio.subprocess.Process) -> None:
    assert process.stderr is not None
    while await process.stderr.readline():
        pass


def service_env(api: FakeTelegramApi, url: str, data_dir: Path, port: int, *, webhook: bool) -> dict[str, str]:
    """`chatlabel run`'s environment against the fake Bot API: no rate limiter, no reading time, payouts off."""
    env = {
        "TELEGRAM_TOKEN": api.token,
        "CHATLABEL_DATABASE_URL": url,
        "CHATLABEL_DATA_DIR": str(data_dir),
        "CHATLABEL_TELEGRAM_BASE_URL": api.base_url,
        "CHATLABEL_TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "CHATLABEL_TELEGRAM_RATE_LIMITER": "false",
        "CHATLABEL_TASKS_MIN_ANSWER_SECONDS": "0",
        "CHATLABEL_HTTP_PORT": str(port),
        "CHATLABEL_CHAIN_RPC": f"http://127.0.0.1:{free_port()}/",  # no payout key: payouts stay off
        "CHATLABEL_CHAIN_CONTRACT": "0x000000000000000000000000000000000000c0de",
    }
    if webhook:
        env["CHATLABEL_TELEGRAM_WEBHOOK_URL"] = f'"http://127.0.0.1:{port}/telegram"'
        env["CHATLABEL_TELEGRAM_WEBHOOK_SECRET"] = SECRET
    return env


async def stop_service(process: asyncio.subprocess.Process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), timeout=60)
    except TimeoutError:
        process.kill()
        await process.wait()


async def measure(args: argparse.Namespace, url: str, data_dir: Path, *, webhook: bool, workers: int) -> dict:
    async with FakeTelegramApi() as api:
        port = free_port()
        env = service_env(api, url, data_dir, port, webhook=webhook)
        service = await start_service(env, workers)
        try:
            users = [api.user(f"P{i}") for i in range(args.players)]
            for user in users:
                api.private_message(user, "/start")
            await until(lambda: all(task_of(api, u) is not None for u in users), timeout=120)
            calls_before = sum(r.method not in SETUP_CALLS for r in api.requests)
            limited_before = sum(r.method not in UNLIMITED_CALLS for r in api.requests)
            latencies: list[float] = []

            async def player(user: User) -> None:
                for _ in range(args.presses):
                    if not await press_once(api, user, latencies):
                        return

            started = time.perf_counter()
            await asyncio.gather(*(player(u) for u in users))
            elapsed = time.perf_counter() - started
            calls = sum(r.method not in SETUP_CALLS for r in api.requests) - calls_before
            limited = sum(r.method not in UNLIMITED_CALLS for r in api.requests) - limited_before
            errors = len(api.errors) + len(api.webhook_failures)
        finally:
            await stop_service(service)
    latencies.sort()
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "presses": len(latencies),
        "seconds": round(elapsed, 2),
        "presses_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p99_ms": round(quantiles[98] * 1000, 1),
        "api_calls_per_press": round(calls / len(latencies), 2),
        "limited_calls_per_press": round(limited / len(latencies), 2),
        "api_errors": errors,
    }


async def run_mode(args: argparse.Namespace, *, webhook: bool, workers: int, postgres: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        async with AsyncExitStack() as stack:
            if postgres:
                url = await stack.enter_async_context(postgres_database())
            else:
                url = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
            result = await measure(args, url, Path(tmp), webhook=webhook, workers=workers)
    mode = f"{'webhook' if webhook else 'polling'}, {workers} worker{'s' if workers > 1 else ''}"
    result["database"] = "postgresql" if postgres else "sqlite"
    print(
        f"{mode:<20} {result['database']:<10} {result['presses']} presses in {result['seconds']} s: "
        f"{result['presses_per_s']} presses/s, p50 {result['p50_ms']} ms, p99 {result['p99_ms']} ms, "
        f"{result['api_calls_per_press']} API calls per press ({result['limited_calls_per_press']} rate-limited), "
        f"{result['api_errors']} API errors",
        flush=True,
    )
    return result


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--players", type=int, default=40)
    parser.add_argument("--presses", type=int, default=25)
    parser.add_argument("--sqlite", action="store_true", help="one-worker runs on SQLite (two workers need PostgreSQL)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    one_db = not args.sqlite
    polling = await run_mode(args, webhook=False, workers=1, postgres=one_db)
    hook = await run_mode(args, webhook=True, workers=1, postgres=one_db)
    hook2 = await run_mode(args, webhook=True, workers=2, postgres=True)
    print(
        json.dumps(
            {
                "presses_per_s": polling["presses_per_s"],
                "p99_ms": polling["p99_ms"],
                "p50_ms": polling["p50_ms"],
                "webhook_presses_per_s": hook["presses_per_s"],
                "webhook_p99_ms": hook["p99_ms"],
                "webhook_2_workers_presses_per_s": hook2["presses_per_s"],
                "webhook_2_workers_p99_ms": hook2["p99_ms"],
                "api_calls_per_press": polling["api_calls_per_press"],
                "limited_calls_per_press": polling["limited_calls_per_press"],
                "database": polling["database"],
                "players": args.players,
                "api_errors": polling["api_errors"] + hook["api_errors"] + hook2["api_errors"],
            }
        )
    )


if __name__ == "__main__":
    asyncio.run(main())
