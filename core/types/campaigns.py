"""Facts about campaigns as their admins see them: terms, imports, statistics and exports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Literal

from core.types.play import Choice, TaskKind
from core.types.ranking import SystemRating

# How an uploaded pack is laid out: a pack folder, a ZIP of one, one folder per class, or a CSV of image links.
PackForm = Literal["folder", "zip", "class_folders", "url_csv", "items_file", "gold_file"]
# Told (done, total) as an import or an export advances, so an adapter can show how far it got.
WorkProgress = Callable[[int, int], None]


class CampaignStatus(StrEnum):
    """draft -> active <-> paused -> closed; only active campaigns are served."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    campaign_id: int
    name: str
    kind: TaskKind
    question: str
    choices: tuple[Choice, ...]
    community_id: int | None
    level: int
    status: CampaignStatus
    min_overlap: int
    max_overlap: int
    gold_rate: float | None
    target_confidence: float
    reward_pool: int
    points_per_item: int
    deadline: datetime | None
    instructions: str
    gold_feedback: bool
    created_by: str | None
    items: int
    priority: int = 1
    min_reputation: float | None = None
    onboarding_gold: int = 0
    model_assist: bool = False


@dataclass(frozen=True, slots=True)
class ImportResult:
    """An import that went in: what it added and which rows were refused, each with its reason."""

    campaign_id: int
    campaign: str
    items: int
    gold_items: int
    label_distribution: dict[str, int]
    rejected: tuple[Rejection, ...]
    links: int = 0  # items whose image is a link, fetched when first served


@dataclass(frozen=True, slots=True)
class GoldHealth:
    """One gold item's pass rate: overall, and among players who pass the campaign's other gold."""

    external_id: str
    known_answer: str
    answers: int
    passed: int
    honest_answers: int
    honest_passed: int
    suspect: bool  # most honest players fail it: its known answer is probably wrong

    @property
    def pass_rate(self) -> float | None:
        return self.passed / self.answers if self.answers else None


@dataclass(frozen=True, slots=True)
class GoldChange:
    """A gold item retired (`answer` None) or given a corrected known answer; `players` were rescored."""

    campaign: str
    external_id: str
    answer: str | None
    players: int


@dataclass(frozen=True, slots=True)
class CampaignStats:
    campaign_id: int
    name: str
    status: CampaignStatus
    at: datetime
    items: int
    gold_items: int
    open: int
    resolved: int
    ambiguous: int
    answers: int  # counted answers (too-fast ones are recorded but not counted)
    label_distribution: dict[str, int]  # inferred labels of resolved items, most common first
    active_24h: int
    active_7d: int
    gold_answers: int
    gold_correct: int
    spend_points: int  # paid by settlement for this campaign's items
    spend_entries: int
    paid_accounts: int
    settled_by_day: dict[str, int] = field(default_factory=dict)  # items settled per day, last 14 days
    labeler_accuracy: dict[str, int] = field(default_factory=dict)  # labelers per band of accuracy on gold
    choice_labels: dict[str, str] = field(default_factory=dict)  # choice key -> the wording players see
    skips: int = 0  # tasks set aside as "not sure"
    reports: int = 0  # tasks reported as broken
    reported: tuple[tuple[str, int], ...] = ()  # the most reported items: (external id, reports)
    gold: tuple[GoldHealth, ...] = ()  # every open gold item's pass rate, suspect ones first
    ranking: tuple[SystemRating, ...] = ()  # a comparison campaign's systems, best first
    out_of_play: int = 0  # items no longer served (retired checks, withdrawn items), not counted in `items`

    @property
    def gold_accuracy(self) -> float | None:
        return self.gold_correct / self.gold_answers if self.gold_answers else None

    @property
    def done(self) -> float:
        """Share of non-gold items settled (resolved or ambiguous)."""
        work = self.items - self.gold_items
        return (self.resolved + self.ambiguous) / work if work > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Rejection:
    """One thing that was refused: `where` names the file, row or archive entry, `reason` says why."""

    where: str
    reason: str


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    LABEL_STUDIO = "label_studio"
    PARQUET = "parquet"

    @property
    def suffix(self) -> str:
        return {"csv": ".csv", "jsonl": ".jsonl", "label_studio": ".json", "parquet": ".parquet"}[self.value]


@dataclass(frozen=True, slots=True)
class ExportResult:
    campaign_id: int
    campaign: str
    format: ExportFormat
    path: Path
    items: int
    answers: int
    workers: int
    bytes: int


@dataclass(frozen=True, slots=True)
class AppealFacts:
    """A suspension and the record a reviewer reads: the player's known-answer checks in the campaign."""

    campaign_id: int
    campaign: str
    account_id: int
    player: str
    reason: str
    gold_right: int
    gold_total: int
    status: str  # "pending" (waiting for a reviewer), "reinstated" or "upheld"


@dataclass(frozen=True, slots=True)
class Funded:
    """What funding a pool (or the engagement reserve) moved, in points and in tokens at the rate."""

    account: str  # "pool:<id>" or "engagement"
    campaign: str | None  # the campaign's name, for a pool
    points: int  # added now
    balance: int  # the account's points after funding
    tokens: str  # `points` in tokens
    balance_tokens: str
    rate: Decimal  # tokens per point
