"""`/metrics` in Prometheus's text format, and the figures every part of the service records.

One `Metrics` per process, built by the composition root and handed to the parts that record. With several
workers (`chatlabel run --workers N`) each process writes its figures to `PROMETHEUS_MULTIPROC_DIR` and every
worker's `/metrics` answers with the sum over all of them, so a scrape that reaches any worker sees the whole.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select
from sqlmodel import col
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.db.reward_tables import PayoutBatch
from core.db.tables import Notice
from core.db.uow import Database

P = ParamSpec("P")
T = TypeVar("T")
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Use cases are a few milliseconds; platform calls tens to hundreds; jobs up to minutes.
FAST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)
CALL_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
JOB_BUCKETS = (0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0)
BATCH_STATES = ("assigned", "signed", "submitted", "confirmed", "reverted", "reset")


class Metrics:
    def __init__(self, worker: str = "0") -> None:
        self.worker = worker
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.updates = Counter(
            "chatlabel_updates", "Updates received from a chat platform", ["platform", "kind", "worker"], registry=r
        )
        self.use_case_seconds = Histogram(
            "chatlabel_use_case_seconds",
            "Time spent in one core use case",
            ["use_case"],
            buckets=FAST_BUCKETS,
            registry=r,
        )
        self.use_case_errors = Counter(
            "chatlabel_use_case_errors", "Use cases that raised (refusals included)", ["use_case", "error"], registry=r
        )
        self.platform_call_seconds = Histogram(
            "chatlabel_platform_call_seconds",
            "One HTTP call to a chat platform's API",
            ["platform", "method"],
            buckets=CALL_BUCKETS,
            registry=r,
        )
        self.rate_limited = Counter(
            "chatlabel_platform_rate_limited", "429 answers from a chat platform", ["platform"], registry=r
        )
        self.retries = Counter("chatlabel_platform_retries", "Calls repeated after a 429", ["platform"], registry=r)
        self.job_runs = Counter("chatlabel_job_runs", "Scheduled job runs done by this service", ["job"], registry=r)
        self.job_failures = Counter("chatlabel_job_failures", "Scheduled job runs that raised", ["job"], registry=r)
        self.job_skipped = Counter(
            "chatlabel_job_skipped", "Scheduled runs left to the worker that held the job's lease", ["job"], registry=r
        )
        self.job_seconds = Histogram(
            "chatlabel_job_seconds", "Time one scheduled job run took", ["job"], buckets=JOB_BUCKETS, registry=r
        )
        self.notices_sent = Counter(
            "chatlabel_notices_sent", "Notices delivered to chat users", ["platform"], registry=r
        )
        # Read from the database at scrape time: the same value in every worker, so the aggregate is the latest.
        self.notice_queue = Gauge(
            "chatlabel_notice_queue_depth", "Notices not yet delivered", registry=r, multiprocess_mode="livemostrecent"
        )
        self.payout_batches = Gauge(
            "chatlabel_payout_batches",
            "Payout batches by state",
            ["state"],
            registry=r,
            multiprocess_mode="livemostrecent",
        )
        self.db_pool_in_use = Gauge(
            "chatlabel_db_pool_connections_in_use",
            "Database connections checked out",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.db_pool_size = Gauge(
            "chatlabel_db_pool_connections_open",
            "Database connections open in the pool",
            registry=r,
            multiprocess_mode="livesum",
        )

    def update(self, platform: str, kind: str) -> None:
        self.updates.labels(platform, kind, self.worker).inc()

    def timed(self, name: str, call: Callable[P, Awaitable[T]]) -> Callable[P, Awaitable[T]]:
        """`call`, recording its latency under `use_case=name` and what it raised."""
        histogram, errors = self.use_case_seconds.labels(name), self.use_case_errors

        @wraps(call)
        async def measured(*args: P.args, **kwargs: P.kwargs) -> T:
            started = time.perf_counter()
            try:
                return await call(*args, **kwargs)
            except Exception as exc:
                errors.labels(name, type(exc).__name__).inc()
                raise
            finally:
                histogram.observe(time.perf_counter() - started)

        return measured

    def instrument(self, target: Any, names: list[str], prefix: str = "") -> None:
        """Time every named coroutine method of `target` (the game facade) as one use case each."""
        for name in names:
            setattr(target, name, self.timed(prefix + name, getattr(target, name)))

    def platform_call(self, platform: str, method: str, seconds: float, status: int) -> None:
        self.platform_call_seconds.labels(platform, method).observe(seconds)
        if status == 429:
            self.rate_limited.labels(platform).inc()

    async def refresh(self, db: Database) -> None:
        """The figures that live in the database and the pool, read when scraped."""
        async with db.engine.connect() as conn:
            undelivered = select(func.count()).select_from(Notice).where(col(Notice.delivered_at).is_(None))
            queued = await conn.scalar(undelivered)
            by_status = select(col(PayoutBatch.status), func.count()).group_by(col(PayoutBatch.status))
            states: dict[str, int] = {status: count for status, count in await conn.execute(by_status)}
        self.notice_queue.set(queued or 0)
        for state in sorted({*BATCH_STATES, *states}):
            self.payout_batches.labels(state).set(states.get(state, 0))
        pool = db.engine.pool
        self.db_pool_in_use.set(getattr(pool, "checkedout", lambda: 0)())
        self.db_pool_size.set(getattr(pool, "checkedout", lambda: 0)() + getattr(pool, "checkedin", lambda: 0)())

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_ENV):
            merged = CollectorRegistry()
            MultiProcessCollector(merged)
            return generate_latest(merged)
        return generate_latest(self.registry)


def game_use_cases(game: Any) -> list[str]:
    """The facade's public coroutine methods: each one is a use case."""
    import inspect

    return [
        name for name, member in inspect.getmembers(type(game), inspect.iscoroutinefunction) if not name.startswith("_")
    ]


def routes(metrics: Metrics, db: Database) -> list[Route]:
    async def scrape(request: Request) -> Response:
        """Prometheus's text format; the database figures are read now (a failing read leaves the last ones)."""
        # The database being down is /readyz's report; the counters are still worth serving.
        with contextlib.suppress(Exception):
            await metrics.refresh(db)
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return [Route("/metrics", scrape, methods=["GET"])]
