"""The requester API's bounds (see [requesters] in config.toml)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from core.settings.base import Section


class RequesterSettings(Section):
    # Per API key, in each worker process: a steady rate and the burst allowed on top of it.
    requests_per_minute: Annotated[int, Field(gt=0, le=1_000_000)] = 600
    burst: Annotated[int, Field(gt=0, le=100_000)] = 60
    # Largest page of items or results one call returns.
    max_page_size: Annotated[int, Field(gt=0, le=100_000)] = 1000
    # How long the answer to an idempotent POST is replayed for its key.
    idempotency_hours: Annotated[int, Field(gt=0, le=24 * 30)] = 24
    # Webhooks: how often the delivery job runs, how long a receiver may take, and the retries with backoff
    # (the wait doubles from webhook_backoff_seconds up to an hour) before a delivery is marked failed.
    webhook_seconds: Annotated[float, Field(gt=0, le=3600)] = 10.0
    webhook_timeout_seconds: Annotated[float, Field(gt=0, le=60)] = 5.0
    webhook_max_attempts: Annotated[int, Field(gt=0, le=50)] = 8
    webhook_backoff_seconds: Annotated[float, Field(gt=0, le=3600)] = 30.0
    webhook_batch: Annotated[int, Field(gt=0, le=10_000)] = 500
    # A paying job's requester gets `job.pool_low` when its pool falls below this many items' rewards.
    pool_low_items: Annotated[int, Field(gt=0, le=1_000_000)] = 10
    # Receivers on loopback or private addresses let a requester probe the host's own network.
    webhook_allow_private: bool = False
