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
