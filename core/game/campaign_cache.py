"""Active campaigns, cached per process for a few seconds: every pick needs them and they rarely change.

Answers still check the campaign's status in their own transaction, so a pause takes effect at once for
answers and within the cache's lifetime for serving.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session
from sqlmodel import col

from core.consensus import Calibration
from core.db.book_tables import BookAccount
from core.db.consensus_tables import CampaignWorker
from core.db.results import stored_id
from core.db.tables import Campaign
from core.db.uow import connection
from core.game import book
from core.types import Choice, TaskKind


@dataclass(frozen=True, slots=True)
class ActiveCampaign:
    id: int
    name: str
    kind: TaskKind
    question: str
    choices: tuple[Choice, ...]
    level: int
    community_id: int | None
    gold_rate: float | None
    max_overlap: int
    gold_feedback: bool
    min_overlap: int = 3
    target_confidence: float = 0.9
    points_per_item: int = 0
    # Made by an admin or moderator (not a shipped one): it stops serving when its pool can't pay the next item.
    stops_when_unfunded: bool = False
    pool_pays: bool = False  # its pool held an item's reward when the cache was loaded (shown on the prompt)
    calibration: Calibration | None = None  # the last refit's confidence map; None: the raw posterior
    priority: int = 1
    instructions: str = ""
    min_reputation: float | None = None  # see core.game.eligibility
    onboarding_gold: int = 0
    model_assist: bool = False  # see core.assist

    def choice(self, key: str | None) -> Choice | None:
        return next((choice for choice in self.choices if choice.key == key), None)

    def index(self, key: str) -> int:
        return next(i for i, choice in enumerate(self.choices) if choice.key == key)


class CampaignCache:
    def __init__(self, ttl_seconds: float = 5.0) -> None:
        self.ttl = ttl_seconds
        self._loaded_at = float("-inf")
        self._active: dict[int, ActiveCampaign] = {}
        # (campaign, account) pairs the refit suspended, refreshed with the campaigns: serving skips them.
        self.suspended: frozenset[tuple[int, int]] = frozenset()

    def invalidate(self) -> None:
        """Use cases that change campaigns call this; other workers catch up within the TTL."""
        self._loaded_at = float("-inf")

    def active(self, session: Session | Connection) -> dict[int, ActiveCampaign]:
        if time.monotonic() - self._loaded_at > self.ttl:
            conn = connection(session)
            rows = conn.execute(select(Campaign).where(col(Campaign.status) == "active")).all()
            held = select(col(BookAccount.name), col(BookAccount.balance)).where(
                col(BookAccount.name).like(book.pool(0)[:-1] + "%")
            )
            pools = dict(conn.execute(held).all())
            self._active = {
                row.id: replace(info(row), pool_pays=pools.get(book.pool(row.id), 0) >= max(1, row.points_per_item))
                for row in rows
                if row.id is not None
            }
            pairs = conn.execute(
                select(col(CampaignWorker.campaign_id), col(CampaignWorker.account_id)).where(
                    col(CampaignWorker.suspended).is_(True)
                )
            )
            self.suspended = frozenset((campaign, account) for campaign, account in pairs)
            self._loaded_at = time.monotonic()
        return self._active


def info(row: Any) -> ActiveCampaign:
    return ActiveCampaign(
        id=stored_id(row),
        name=row.name,
        kind=TaskKind(row.kind),
        question=row.question,
        choices=tuple(Choice(key, label) for key, label in row.choices),
        level=row.level,
        community_id=row.community_id,
        gold_rate=row.gold_rate,
        max_overlap=row.max_overlap,
        gold_feedback=row.gold_feedback,
        min_overlap=row.min_overlap,
        target_confidence=row.target_confidence,
        points_per_item=row.points_per_item,
        stops_when_unfunded=row.created_by is not None,
        calibration=(
            Calibration(row.calibration_slope, row.calibration_intercept)
            if row.calibration_slope is not None and row.calibration_intercept is not None
            else None
        ),
        priority=row.priority,
        instructions=row.instructions,
        min_reputation=row.min_reputation,
        onboarding_gold=row.onboarding_gold,
        model_assist=row.model_assist,
    )
