"""Facts about groups, servers and channels: the community itself and its quizzes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

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


@dataclass(frozen=True, slots=True)
class QuizResult:
    quiz_id: int
    community: CommunityRef
    message_ref: str | None
    prompt: Prompt
    tallies: tuple[tuple[Choice, int], ...]
