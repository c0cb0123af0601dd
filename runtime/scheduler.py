"""One scheduler for every periodic job of the service, each job run once across all workers.

Every worker runs the same scheduler; a job whose `once` is set does its work only in the worker that takes
the job's lease row for this run (see core/db/job_runs.py), so a refit, a reminder round or a daily quiz
happens once however many workers there are. Jobs that are safe everywhere at once (notice delivery, whose
notices are claimed one by one) run in every worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from core.clock import Clock
from core.db.job_runs import take_run
from core.db.uow import Database

log = logging.getLogger("chatlabel.jobs")
Job = Callable[[], Awaitable[object]]
# A run takes the lease until 90% of the interval from now: the other workers' timers, which fire at other
# moments of the same interval, find it taken; this worker's next timer finds it free.
LEASE_SHARE = 0.9


class Scheduler:
    """`every(...)` and `daily(...)` add jobs; `start()`, then `await stop()`."""

    def __init__(self, db: Database, clock: Clock, metrics: Any | None = None) -> None:
        self.db, self.clock, self.metrics = db, clock, metrics
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.aps = AsyncIOScheduler(timezone="UTC")
        self._running: set[asyncio.Task[Any]] = set()

    def every(self, name: str, seconds: float, job: Job, *, once: bool = True, first: datetime | None = None) -> None:
        """Run `job` every `seconds` (first at `first` when given)."""
        run = self._guarded(name, job, timedelta(seconds=seconds * LEASE_SHARE) if once else None)
        extra = {"next_run_time": first} if first is not None else {}
        self.aps.add_job(
            run, "interval", seconds=seconds, id=name, coalesce=True, max_instances=1, misfire_grace_time=60, **extra
        )

    def daily(self, name: str, hour: int, job: Job) -> None:
        """Run `job` once a day at `hour` UTC (an hour late at most after a restart)."""
        run = self._guarded(name, job, timedelta(hours=23))
        self.aps.add_job(run, "cron", hour=hour, id=name, coalesce=True, max_instances=1, misfire_grace_time=3600)

    def at(self, name: str, when: datetime, job: Job) -> None:
        """One run at `when` in this worker (retries of a local connection, such as the chain node's)."""
        self.aps.add_job(job, "date", run_date=when, id=name, replace_existing=True)

    def add_job(self, func: Job, trigger: str, **kwargs: Any) -> None:
        """APScheduler's own call, for callers that schedule themselves (payouts): `interval` only."""
        if trigger == "date":
            self.at(kwargs["id"], kwargs["run_date"], func)
            return
        seconds = kwargs.get("seconds", 0) + 60 * kwargs.get("minutes", 0)
        job_kwargs = kwargs.get("kwargs") or {}
        self.every(kwargs["id"], seconds, lambda: func(**job_kwargs), once=False, first=kwargs.get("next_run_time"))

    def _guarded(self, name: str, job: Job, lease: timedelta | None) -> Job:
        async def run() -> None:
            task = asyncio.current_task()
            if task is not None:
                self._running.add(task)
                task.add_done_callback(self._running.discard)
            try:
                if lease is not None and not await self._take(name, lease):
                    self._count("job_skipped", name)
                    return
                await self._measured(name, job)
            except asyncio.CancelledError:  # stop(): the job's state is in the database, the next start resumes
                return

        run.__name__ = name
        return run

    async def _take(self, name: str, lease: timedelta) -> bool:
        now = self.clock.now()
        try:
            return await self.db.transaction(lambda s: take_run(s, name, self.holder, now, now + lease))
        except Exception as exc:  # the database is down: /readyz says so; the next run tries again
            self._count("job_failures", name)
            log.warning("job %s not run: its lease could not be taken (%s)", name, type(exc).__name__)
            return False

    async def _measured(self, name: str, job: Job) -> None:
        started = time.perf_counter()
        try:
            await job()
        except Exception:
            self._count("job_failures", name)
            log.exception("job %s failed; it runs again at its next time", name)
        finally:
            self._count("job_runs", name)
            if self.metrics is not None:
                self.metrics.job_seconds.labels(name).observe(time.perf_counter() - started)

    def _count(self, family: str, name: str) -> None:
        if self.metrics is not None:
            getattr(self.metrics, family).labels(name).inc()

    def start(self) -> None:
        self.aps.start()

    async def stop(self) -> None:
        """No new runs; runs in progress are cancelled (each job's work is resumable: its state is in the
        database), so nothing uses a bot or the engine after they close."""
        if self.aps.running:
            self.aps.shutdown(wait=False)
        for task in list(self._running):
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*self._running, return_exceptions=True)
