"""The real service process never prints a secret, and a rejected bot token stops only that bot.

`chatlabel run` runs as a subprocess against the fake Bot API with a bot token, a payout key, an RPC URL whose
path holds an API key, and a PostgreSQL URL with a password; every line it writes is searched for each of them.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakes.telegram_api import FakeTelegramApi
from tests.support import postgres_database

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "7013370042:AAHsEcReTtOkEnThAtMuStNeVeRbEpRiNtEd"
DISCORD_TOKEN = "MTIzNDU2Nzg5MDEy.GdiscordSecret.never-printed-0123456789"
PAYOUT_KEY = "0x" + "5eC7e7" * 10 + "abcd"
RPC_KEY = "rpcApiKey0123456789abcdef0123456789"
DB_PASSWORD = "dbPassw0rd-never-printed"


@dataclass
class Service:
    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)

    async def wait_for(self, found: Callable[[str], bool], timeout: float = 60) -> str:
        """Read stderr until a line matches (the service logs there); fails if the process ends first."""
        assert self.process.stderr is not None
        async with asyncio.timeout(timeout):
            while True:
                raw = await self.process.stderr.readline()
                if not raw:
                    raise AssertionError("the service ended early:\n" + "".join(self.lines[-40:]))
                self.lines.append(raw.decode())
                if found(self.lines[-1]):
                    return self.lines[-1]

    async def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(self.process.communicate(), timeout=30)
        self.lines += (out + err).decode().splitlines(keepends=True)
        assert self.process.returncode is not None
        return self.process.returncode

    def output(self) -> str:
        return "".join(self.lines)


def closed_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@asynccontextmanager
async def service(env: dict[str, str]) -> AsyncIterator[Service]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.e2e.service_process",
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT), **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    running = Service(process)
    try:
        yield running
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


def secrets_env(api: FakeTelegramApi, database_url: str, data_dir: Path) -> dict[str, str]:
    with_password = database_url.replace("postgres@", f"postgres:{DB_PASSWORD}@", 1)  # trust auth ignores it
    assert DB_PASSWORD in with_password
    return {
        "TELEGRAM_TOKEN": api.token,
        "CHATLABEL_PAYOUT_KEY": PAYOUT_KEY,
        "CHATLABEL_CHAIN_RPC": f"http://127.0.0.1:{closed_port()}/v3/{RPC_KEY}",  # a hosted node, down
        "CHATLABEL_CHAIN_CONTRACT": "0x000000000000000000000000000000000000c0de",
        "CHATLABEL_DATABASE_URL": with_password,
        "CHATLABEL_DATA_DIR": str(data_dir),
        "CHATLABEL_TELEGRAM_BASE_URL": api.base_url,
        "CHATLABEL_TELEGRAM_BASE_FILE_URL": api.base_file_url,
        "CHATLABEL_SCHEDULE_NOTICE_POLL_SECONDS": "0.2",
        "CHATLABEL_TASKS_MIN_ANSWER_SECONDS": "0",
    }


def assert_no_secret(text: str) -> None:
    for secret in (TOKEN, TOKEN.split(":")[1], DISCORD_TOKEN, PAYOUT_KEY, PAYOUT_KEY[2:], RPC_KEY, DB_PASSWORD):
        assert secret not in text, f"{secret[:6]}... printed:\n{text[-3000:]}"


async def test_the_running_service_prints_no_secret(tmp_path: Path) -> None:
    async with FakeTelegramApi(TOKEN) as api, postgres_database() as url:
        async with service(secrets_env(api, url, tmp_path)) as running:
            await running.wait_for(lambda line: "telegram bot @chatlabel_test_bot started" in line)
            await running.wait_for(lambda line: "payouts paused: node unreachable" in line)
            alice = api.user("Alice")
            api.private_message(alice, "/start")
            await api.wait_until(lambda: len(api.bot_messages(alice)) >= 2, timeout=20)
            assert await running.stop() == 0
        text = running.output()
    assert "service stopped" in text and "getUpdates" not in text  # httpx's request lines are gone
    assert_no_secret(text)


async def test_rejected_tokens_stop_only_their_bot(tmp_path: Path) -> None:
    async with FakeTelegramApi(TOKEN) as api, postgres_database() as url:
        env = {**secrets_env(api, url, tmp_path), "TELEGRAM_TOKEN": TOKEN[:-4] + "XXXX", "DISCORD_TOKEN": DISCORD_TOKEN}
        async with service(env) as running:
            await running.wait_for(lambda line: "Telegram rejected TELEGRAM_TOKEN" in line)
            await running.wait_for(lambda line: "Discord rejected DISCORD_TOKEN" in line)
            await running.wait_for(lambda line: "payouts paused: node unreachable" in line)  # the jobs run on
            await asyncio.sleep(0.5)
            assert running.process.returncode is None
            assert await running.stop() == 0
        text = running.output()
    assert "Traceback" not in text
    reports = [line.split(": ", 1)[1] for line in text.splitlines() if "rejected" in line]
    assert sorted(reports) == [
        "Discord rejected DISCORD_TOKEN; the Discord bot is not running",
        "Telegram rejected TELEGRAM_TOKEN; the Telegram bot is not running",
    ]
    assert_no_secret(text)


async def test_a_crash_traceback_prints_no_secret(tmp_path: Path) -> None:
    async with FakeTelegramApi(TOKEN) as api:
        env = secrets_env(api, f"postgresql+asyncpg://postgres@127.0.0.1:{closed_port()}/chatlabel", tmp_path)
        async with service(env) as running:
            out, err = await asyncio.wait_for(running.process.communicate(), timeout=60)
        text = (out + err).decode()
    assert (
        running.process.returncode == 1
        and "Traceback (most recent call last)" in text
        and "ConnectionRefusedError" in text
    )
    assert_no_secret(text)
