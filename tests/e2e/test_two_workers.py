"""`chatlabel run --workers 2` on one PostgreSQL database, Telegram in webhook mode against the fake Bot API.

Two real worker processes share the HTTP port; 20 players play through them at once. Afterwards every answer
is counted once, each player's /play again leaves one task message, notices queued for the players are each
sent once, the scheduled jobs ran once per interval across both workers, and `/metrics` (merged over the
workers) says so.
"""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import aiohttp
import asyncpg
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.test_service_secrets import ROOT, Service, closed_port
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import CallbackRecord, StoredMessage, User
from tests.support import plain_dsn, postgres_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
SECRET = "Zq7-workers_two_secret_0123456789abcdef"
PLAYERS, PRESSES = 20, 4
DEADLINE_SECONDS = 1.0  # the campaign deadline job's interval, short so it runs many times during the test


def service_env(api: FakeTelegramApi, url: str, data_dir: Path, port: int) -> dict[str, str]:
    return {
        "TELEGRAM_TOKEN": api.token,
        "CHATLABEL_DATABASE_URL": url,
        "CHATLABEL_DATA_DIR": str(data_dir),
        "CHATLABEL_TELEGRAM_BASE_URL": api.base_url,
        "CHATLABEL_TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "CHATLABEL_TELEGRAM_WEBHOOK_URL": f'"http://127.0.0.1:{port}/telegram"',
        "CHATLABEL_TELEGRAM_WEBHOOK_SECRET": SECRET,
        "CHATLABEL_HTTP_PORT": str(port),
        "CHATLABEL_CHAIN_RPC": f"http://127.0.0.1:{closed_port()}/",  # no payout key: no payouts in this test
        "CHATLABEL_CHAIN_CONTRACT": "0x000000000000000000000000000000000000c0de",
        "CHATLABEL_SCHEDULE_NOTICE_POLL_SECONDS": "0.2",
        "CHATLABEL_SCHEDULE_CAMPAIGN_DEADLINE_SECONDS": str(DEADLINE_SECONDS),
        "CHATLABEL_TASKS_MIN_ANSWER_SECONDS": "0",
    }


async def start_workers(env: dict[str, str]) -> Service:
    import os
    import sys

    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys, cli; sys.exit(cli.main(sys.argv[1:]))",
        "run",
        "--workers",
        "2",
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    return Service(process)


def task_of(api: FakeTelegramApi, user: User) -> StoredMessage | None:
    """The latest message with answer buttons (None between an answer and the next task)."""
    return next((m for m in reversed(api.bot_messages(user)) if any("callback_data" in b for b in m.buttons)), None)


async def play(api: FakeTelegramApi, user: User) -> None:
    api.private_message(user, "/start")
    await api.wait_until(lambda: task_of(api, user) is not None, timeout=30)
    for _ in range(PRESSES):
        task = task_of(api, user)
        assert task is not None
        before = (task.message_id, task.content)
        press = api.press(user, task, task.buttons[0]["callback_data"])

        def moved_on(press: CallbackRecord = press, before: tuple[object, ...] = before) -> bool:
            latest = task_of(api, user)
            return press.answered and latest is not None and (latest.message_id, latest.content) != before

        await api.wait_until(moved_on, timeout=30)
    # /play again, on whichever worker: the task moves to a new message and the last one, perhaps posted by the
    # other worker, loses its buttons, so one message stays a task.
    shown = len(api.bot_messages(user))
    api.private_message(user, "/play")

    def one_task() -> bool:
        tasks = [m for m in api.bot_messages(user) if m.reply_markup]
        return len(api.bot_messages(user)) > shown and tasks == [api.bot_messages(user)[-1]]

    await api.wait_until(one_task, timeout=30)


async def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    async with aiohttp.ClientSession() as session, session.get(f"http://127.0.0.1:{port}/metrics") as response:
        assert response.status == 200
        body = await response.text()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body)
        for sample in family.samples
    }


def total(metrics: dict, name: str, **labels: str) -> float:
    return sum(v for (n, ls), v in metrics.items() if n == name and set(labels.items()) <= set(ls))


async def test_two_workers_count_every_answer_job_and_notice_once(tmp_path: Path) -> None:
    port = closed_port()
    async with FakeTelegramApi() as api, postgres_database() as url:
        launched = time.monotonic()  # no job can run before this
        service = await start_workers(service_env(api, url, tmp_path, port))
        try:
            await service.wait_for(lambda line: "started 2 workers" in line, timeout=120)
            for _ in range(2):
                await service.wait_for(lambda line: "telegram bot @chatlabel_test_bot started" in line, timeout=120)
            players = [api.user(f"Player{n}") for n in range(PLAYERS)]
            await asyncio.gather(*(play(api, player) for player in players))

            db = await asyncpg.connect(plain_dsn(url))
            try:
                answered = await db.fetchval("SELECT count(*) FROM assignment WHERE answered_at IS NOT NULL")
                assert answered == PLAYERS * PRESSES
                accounts = await db.fetch("SELECT account_id FROM identity WHERE platform = 'telegram'")
                facts = json.dumps({"streak": 3, "day": "2026-01-05"})
                for row in accounts:
                    await db.execute(
                        "INSERT INTO notice (account_id, kind, facts, created_at)"
                        " VALUES ($1, 'streak_reminder', $2, now())",
                        row["account_id"],
                        facts,
                    )

                def reminded(user: User) -> int:
                    return sum("streak ends today" in (m.text or "") for m in api.bot_messages(user))

                await api.wait_until(lambda: all(reminded(p) >= 1 for p in players), timeout=30)
                await asyncio.sleep(1.0)  # several more delivery rounds in both workers
                assert [reminded(p) for p in players] == [1] * PLAYERS
                assert await db.fetchval("SELECT count(*) FROM notice WHERE delivered_at IS NULL") == 0
            finally:
                await db.close()

            metrics = await scrape(port)
            elapsed = time.monotonic() - launched
            async with aiohttp.ClientSession() as session:
                for path in ("/healthz", "/readyz"):
                    async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                        assert response.status == 200, path
            assert await service.stop() == 0
        finally:
            if service.process.returncode is None:
                service.process.kill()
                await service.process.wait()
    # Every press reached exactly one worker, and both workers took some (the kernel spreads connections).
    assert total(metrics, "chatlabel_updates_total", kind="press") == PLAYERS * PRESSES
    assert total(metrics, "chatlabel_updates_total", kind="press", worker="0") > 0
    assert total(metrics, "chatlabel_updates_total", kind="press", worker="1") > 0
    assert total(metrics, "chatlabel_use_case_seconds_count", use_case="answer") == PLAYERS * PRESSES
    assert total(metrics, "chatlabel_platform_call_seconds_count", method="answerCallbackQuery") >= PLAYERS * PRESSES
    # Both workers' timers fire every interval; one of them runs the job, the other skips it (without the lease
    # both would run it: twice the runs and no skips).
    runs = total(metrics, "chatlabel_job_runs_total", job="campaign_deadlines")
    skipped = total(metrics, "chatlabel_job_skipped_total", job="campaign_deadlines")
    assert 3 <= runs <= elapsed / (0.9 * DEADLINE_SECONDS) + 2
    assert skipped >= runs / 2 - 2
    assert total(metrics, "chatlabel_notice_queue_depth") == 0
    assert total(metrics, "chatlabel_db_pool_connections_open") >= 1
    assert api.webhook_failures == [] and api.errors == []
    assert "Traceback" not in service.output(), service.output()[-4000:]
