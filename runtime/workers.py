"""`chatlabel run --workers N`: N worker processes on one PostgreSQL database, sharing one HTTP port.

Each worker is a whole `chatlabel run` (its own event loop, engine, bots and scheduler) that binds the port
with SO_REUSEPORT, so the kernel spreads Telegram's webhook connections across them and a worker that dies
takes nothing down with it. We supervise them ourselves rather than with uvicorn's supervisor because a
worker is more than an ASGI app: it also runs a Discord shard and the scheduler, stops them in order on
SIGTERM, and starts only after the database has been migrated and seeded once, here.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass

from core.db.engine import is_sqlite
from core.settings import Settings

log = logging.getLogger("chatlabel")
METRICS_DIR_ENV = "PROMETHEUS_MULTIPROC_DIR"
STOP_SECONDS = 30.0


@dataclass(frozen=True, slots=True)
class Plan:
    workers: int
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None
    log_format: str = "text"


def refusal(settings: Settings, plan: Plan) -> str | None:
    """Why these settings cannot run `plan.workers` workers, or None."""
    if plan.workers < 1:
        return "--workers must be at least 1"
    if plan.workers == 1:
        return None
    if is_sqlite(settings.database.url):
        return (
            "--workers > 1 needs PostgreSQL (SQLite has one writer): set CHATLABEL_DATABASE_URL="
            "postgresql+asyncpg://user@host:5432/chatlabel, or run one worker"
        )
    if settings.secrets.telegram_token is not None and not settings.telegram.webhook_url:
        return "--workers > 1 needs Telegram's webhook mode (only one process may poll): set telegram.webhook_url"
    if settings.http.port == 0:
        return "--workers > 1 needs the HTTP server: set http.port"
    return None


def shards_of(plan: Plan, index: int) -> tuple[tuple[int, ...] | None, int | None]:
    """The Discord shards worker `index` runs: the named ones (or all of `shard_count`) dealt out in turn."""
    count = plan.shard_count or (max(plan.shard_ids) + 1 if plan.shard_ids else plan.workers)
    if plan.workers == 1 and plan.shard_ids is None and plan.shard_count is None:
        return None, None
    ids = plan.shard_ids if plan.shard_ids is not None else tuple(range(count))
    return tuple(shard for n, shard in enumerate(ids) if n % plan.workers == index), count


def worker_command(plan: Plan, index: int) -> list[str]:
    command = [sys.executable, "-c", "import sys, cli; sys.exit(cli.main(sys.argv[1:]))", "run"]
    command += ["--worker-index", str(index), "--workers", str(plan.workers), "--log-format", plan.log_format]
    shard_ids, shard_count = shards_of(plan, index)
    if shard_ids is not None and shard_count is not None:
        command += ["--shard-count", str(shard_count), "--shard-ids", ",".join(map(str, shard_ids)) or "none"]
    return command


def supervise(plan: Plan) -> int:
    """Start the workers, pass SIGINT/SIGTERM on to them, and stop them all when one of them ends."""
    metrics_dir = tempfile.mkdtemp(prefix="chatlabel-metrics-")
    env = {**os.environ, METRICS_DIR_ENV: metrics_dir}
    stopping = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    children = [subprocess.Popen(worker_command(plan, i), env=env) for i in range(plan.workers)]
    log.info("started %d workers: %s", plan.workers, " ".join(str(child.pid) for child in children))
    try:
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.2)
        ended = [child for child in children if child.returncode not in (None, 0)]
        for child in ended:
            log.error("worker %d ended with exit code %s; stopping the others", child.pid, child.returncode)
        return _stop_all(children) if not ended else max(_stop_all(children), 1)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        shutil.rmtree(metrics_dir, ignore_errors=True)


def _stop_all(children: list[subprocess.Popen[bytes]]) -> int:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.error("worker %d did not stop in %.0f s; killed", child.pid, STOP_SECONDS)
            child.kill()
            child.wait()
    return max((child.returncode or 0 for child in children), default=0)
