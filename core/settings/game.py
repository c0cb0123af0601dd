"""The game's sections: storage, the level ladder, tasks, points, check-ins, invites, schedule, consensus."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, model_validator
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.settings.base import Fraction, NonNegative, Positive, Section
from core.types import TaskKind


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///var/chatlabel.db"
    echo: bool = False

    @model_validator(mode="after")
    def _known_driver(self) -> Self:
        if not self.url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        try:
            make_url(self.url)
        except (ArgumentError, ValueError):
            # SQLAlchemy's own message quotes the whole URL, password included.
            raise ValueError("is not a valid database URL (driver://user:password@host:port/name)") from None
        return self


class Level(Section):
    key: str
    title: str
    kinds: tuple[TaskKind, ...]
    promote_min_gold: Positive = 10
    promote_accuracy: Fraction = 0.8
    demote_accuracy: Fraction = 0.5
    window: Annotated[int, Field(gt=0, le=64)] = 20
    community_only: bool = False


class LevelSettings(Section):
    ladder: tuple[Level, ...] = Field(min_length=1)
    level_up_points: NonNegative = 50

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        keys = [level.key for level in self.ladder]
        if len(set(keys)) != len(keys):
            raise ValueError(f"level keys must be unique, got {keys}")
        for level in self.ladder:
            if level.demote_accuracy >= level.promote_accuracy:
                raise ValueError(f"level {level.key}: demote_accuracy must be below promote_accuracy")
            if level.window < level.promote_min_gold:
                raise ValueError(f"level {level.key}: window must be at least promote_min_gold")
        return self


class TaskSettings(Section):
    gold_rate: Fraction = 0.2
    first_gold: NonNegative = 3
    min_answer_seconds: Annotated[float, Field(ge=0.0, le=60.0)] = 1.5
    max_answers_per_hour: Positive = 600
    assignment_ttl_minutes: Positive = 30
    default_min_overlap: Positive = 3
    default_max_overlap: Positive = 7
    candidates: Positive = 8


class PointSettings(Section):
    answer: NonNegative = 0
    per_resolved_item: NonNegative = 10
    quiz_right: NonNegative = 5


class CheckInSettings(Section):
    day_starts_at_hour: Annotated[int, Field(ge=0, le=23)] = 0
    grace_days: Annotated[int, Field(ge=0, le=7)] = 1
    base_points: NonNegative = 5
    step_points: NonNegative = 5
    max_points: NonNegative = 50


class ReferralSettings(Section):
    inviter_points: NonNegative = 100
    invitee_points: NonNegative = 20
    code_length: Annotated[int, Field(ge=6, le=16)] = 8


class LinkSettings(Section):
    code_ttl_minutes: Positive = 15


Seconds = Annotated[float, Field(gt=0, le=24 * 3600)]


class ScheduleSettings(Section):
    """Every periodic job's interval; each job runs once across all workers (see runtime/scheduler.py)."""

    streak_reminder_hour: Annotated[int, Field(ge=0, le=23)] = 18
    notice_poll_seconds: Annotated[float, Field(gt=0, le=3600)] = 2.0
    quiz_close_seconds: Seconds = 30.0
    daily_quiz_check_seconds: Seconds = 60.0
    campaign_deadline_seconds: Seconds = 60.0
    link_image_seconds: Seconds = 30.0
    # How often requesters' token transfers to the treasury are looked for (confirmed blocks only).
    deposit_watch_seconds: Seconds = 30.0


class HttpSettings(Section):
    """The one HTTP server (Telegram webhook, /healthz, /readyz, /metrics), shared by every worker."""

    listen: str = "127.0.0.1"
    port: Annotated[int, Field(ge=0, le=65535)] = 8080


class NoticeSettings(Section):
    """How often players hear about their settled answers (see [notices] in config.toml)."""

    settled_minutes: Annotated[float, Field(gt=0, le=7 * 24 * 60)] = 30.0


class ConsensusSettings(Section):
    """The scheduled refit of worker models and the spam rules it applies (see [consensus] in config.toml)."""

    refit_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 10.0
    prior_correct: Annotated[float, Field(gt=0)] = 2.0
    prior_wrong: Annotated[float, Field(gt=0)] = 1.0
    prior_strength: Annotated[float, Field(ge=0)] = 1.0
    spam_min_seconds: Annotated[float, Field(ge=0.0, le=60.0)] = 1.5
    spam_max_fast_share: Fraction = 0.3
    spam_max_constant_share: Fraction = 0.95
    spam_constant_excess: Fraction = 0.25
    spam_chance_margin: Fraction = 0.1
    spam_max_gold_failure: Fraction = 0.5
    spam_min_answers: Positive = 10
    spam_min_gold: Positive = 6
    spam_evidence_z: Annotated[float, Field(ge=0.0, le=6.0)] = 2.33
    calibration_min_gold: Positive = 10
    max_daily_weight_loss: Annotated[float, Field(gt=0.0, le=1.0)] = 0.5
    assist_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 10.0
    assist_min_probability: Annotated[float, Field(ge=0.0, le=1.0)] = 0.8
