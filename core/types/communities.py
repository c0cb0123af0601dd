"""Facts about groups, servers and channels: the community itself and its quizzes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from core.types.play import Choice, Platform, Prompt


@dataclass(frozen=True, slots=True)
class CommunityRef:
    """A group, server or channel as its platform names it."""

    platform: Platform
    external_id: str
    title: str = ""


@dataclass(frozen=True, slots=True)
class CommunityInfo:
    title: str
    active: bool
    daily_quiz: bool
    quiz_minutes: int
    members: int
    moderators: int
    banned: int
    quizzes: int


@dataclass(frozen=True, slots=True)
class Quiz:
    quiz_id: int
    community: CommunityRef
    prompt: Prompt
    closes_at: datetime


@dataclass(frozen=True, slots=True)
class QuizAnswer:
    quiz_id: int
    choice: Choice
    repeated: bool
    counted: bool
    points: int
    closes_at: datetime


class QuizClose(StrEnum):
    """Why a quiz closed: its time was up, its item settled early, or its campaign stopped."""

    TIME_UP = "time_up"
    SETTLED = "settled"
    CAMPAIGN_STOPPED = "campaign_stopped"


@dataclass(frozen=True, slots=True)
class QuizResult:
    quiz_id: int
    community: CommunityRef
    message_ref: str | None
    prompt: Prompt
    tallies: tuple[tuple[Choice, int], ...]
    reason: QuizClose = QuizClose.TIME_UP
    # The item's consensus when the quiz closed (None while there is none yet), whether it is settled, and the
    # members whose group answer matches it.
    answer: Choice | None = None
    settled: bool = False
    right: tuple[str, ...] = ()
