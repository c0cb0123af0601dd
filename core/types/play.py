"""Facts of playing: who the player is, the task shown, what an answer changed, and the player's standing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal, get_args

from core.names import clean_name

Platform = Literal["telegram", "discord", "console"]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)
# Which leaderboard: all time, this week, or one community's.
BoardScope = Literal["all", "week", "community"]


def platform_of(stored: str) -> Platform:
    """A platform name read back from the database, where it is stored as text."""
    for platform in PLATFORMS:
        if platform == stored:
            return platform
    raise ValueError(f"unknown platform {stored!r}")


class TaskKind(StrEnum):
    """What a task asks; campaigns, packs and levels are typed by it."""

    BOT_OR_NOT = "bot_or_not"
    IMAGE_BINARY = "image_binary"
    IMAGE_CATEGORY = "image_category"
    COMPARISON = "comparison"
    NUMERIC = "numeric"


class NoticeKind(StrEnum):
    """Things the core tells a user outside the reply to their own action."""

    LEVEL_UP = "level_up"
    LEVEL_DOWN = "level_down"
    REFERRAL_REWARD = "referral_reward"
    STREAK_REMINDER = "streak_reminder"
    CLAIM_PAID = "claim_paid"
    PAYOUT_ALERT = "payout_alert"  # to admins: payouts need attention (refused batch, stopped chain, ...)
    WALLET_CHANGED = "wallet_changed"  # told to every other identity of the account, on its own platform
    IDENTITY_LINKED = "identity_linked"  # likewise: someone used a link code of the account
    SUSPENDED = "suspended"  # the refit paused the player from a campaign: facts say which and why
    APPEAL_DECIDED = "appeal_decided"  # a reviewer reinstated the player or upheld the suspension
    TASK_UNDELIVERABLE = "task_undeliverable"  # to a campaign's admins
    POOL_EMPTY = "pool_empty"  # to a campaign's admins and moderators: it stopped serving
    AUDIT_FAILED = "audit_failed"  # to the admins: the treasury does not cover what is owed; payouts stopped
    ANSWERS_SETTLED = "answers_settled"  # grouped: what a player's answers earned since the last such notice
    PENDING_CORRECTED = "pending_corrected"  # grouped: pending points a refit took back since the last such notice


@dataclass(frozen=True, slots=True)
class UserRef:
    platform: Platform
    external_id: str
    display_name: str

    def __post_init__(self) -> None:
        # Every name enters the game through here, so it is cleaned once, before it is stored or shown.
        object.__setattr__(self, "display_name", clean_name(self.display_name))


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: str


def level_number(rung: int) -> int:
    """Levels as people read and type them, counted from 1 ("Level 1"); the ladder, a player's `level` and a
    campaign's `level` count rungs from 0."""
    return rung + 1


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a player stands toward the next level, measured on gold answers at the current level."""

    level: int
    level_key: str
    level_title: str
    next_title: str | None
    gold_answered: int
    gold_needed: int
    accuracy: float | None
    accuracy_needed: float

    @property
    def fraction(self) -> float:
        """0..1 toward promotion; both the count and the accuracy must be reached."""
        if self.next_title is None:
            return 1.0
        count = min(1.0, self.gold_answered / self.gold_needed) if self.gold_needed else 1.0
        if self.accuracy is None:
            return 0.0
        acc = min(1.0, self.accuracy / self.accuracy_needed) if self.accuracy_needed else 1.0
        return min(count, acc)


@dataclass(frozen=True, slots=True)
class Prompt:
    task_id: int
    kind: TaskKind
    question: str
    text: str
    image: Path | None
    choices: tuple[Choice, ...]
    progress: Progress
    campaign: str
    answers: tuple[str, ...] = ()  # a comparison's two answers, in the order of the choices
    reward: int = 0  # what the item shares among those who agree with the crowd, when its pool can pay it
    # The campaign's instructions, on a player's first task of that campaign (empty otherwise).
    instructions: str = ""
    has_instructions: bool = False  # the campaign has instructions: its tasks get a "?" button that shows them


@dataclass(frozen=True, slots=True)
class LevelChange:
    old_level: int
    new_level: int
    old_title: str
    new_title: str

    @property
    def promoted(self) -> bool:
        return self.new_level > self.old_level


@dataclass(frozen=True, slots=True)
class GoldFeedback:
    correct: bool
    answer: Choice


@dataclass(frozen=True, slots=True)
class Notice:
    """A message for one account, kept in the outbox until an adapter delivers it."""

    notice_id: int
    account_id: int
    kind: NoticeKind
    facts: dict[str, str | int | float]
    recipients: tuple[UserRef, ...] = ()
    language: str | None = None  # the recipient's chosen language, else their platform's locale at /start


# Presses that set a task aside instead of answering it. Campaign choice keys never contain a dot, so these
# cannot clash with a choice, and they travel in the same button data as answers.
SKIP = ".skip"
REPORT = ".report"
SET_ASIDE = frozenset({SKIP, REPORT})


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one answer changed."""

    task_id: int
    choice: Choice
    counted: bool
    repeated: bool
    points: int
    progress: Progress
    level_change: LevelChange | None
    gold: GoldFeedback | None
    next_prompt: Prompt | None
    pending: bool = False  # counted on an item that pays once the crowd agrees, not yet settled
    # Set when the press set the task aside (SKIP or REPORT) instead of answering it.
    set_aside: str | None = None


@dataclass(frozen=True, slots=True)
class Welcome:
    account_id: int
    new: bool
    invited_by: str | None
    referral_code: str
    progress: Progress
    prompt: Prompt | None
    invitee_points: int = 0  # what an invited player gets on reaching the next level


@dataclass(frozen=True, slots=True)
class CheckIn:
    day: date
    streak: int
    points: int
    next_points: int


@dataclass(frozen=True, slots=True)
class Invite:
    code: str
    invited: int
    rewarded: int
    reward_points: int
    invitee_points: int = 0  # what the invited friend gets, at the same moment


@dataclass(frozen=True, slots=True)
class Profile:
    display_name: str
    progress: Progress
    streak: int
    accuracy: float | None
    gold_answered: int
    answers: int
    points: int
    rank: int
    players: int
    checked_in_today: bool = False
    pending: int = 0  # counted answers on items the crowd has not settled yet (their reward comes at settlement)


@dataclass(frozen=True, slots=True)
class Standing:
    rank: int
    display_name: str
    points: int
    level_title: str

    def __post_init__(self) -> None:
        # Names stored before they were cleaned on the way in are cleaned on the way out.
        object.__setattr__(self, "display_name", clean_name(self.display_name))


@dataclass(frozen=True, slots=True)
class Leaderboard:
    scope: BoardScope
    since: datetime | None
    rows: tuple[Standing, ...]
    you: Standing | None = field(default=None)


@dataclass(frozen=True, slots=True)
class LinkCode:
    code: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class Linked:
    account_id: int
    platforms: tuple[Platform, ...]


@dataclass(frozen=True, slots=True)
class ReceiptFacts:
    """Why one settled answer earned what it earned (`/why <task>`)."""

    task_id: int
    answer: str  # the label of the choice the player gave
    label: str | None  # the label the consensus decided (None: no consensus, the item was marked ambiguous)
    confidence: float
    agreed: bool
    weight: float  # the player's weight in the campaign when the item settled
    reputation: float  # their reputation in the community after the item settled
    earned: int
    reward: int  # what the item paid from its pool, shared among those who agreed
    winners_weight: float  # their summed reputation × weight; a share is reward × yours / this
    checks_done: int  # the player's checks (gold answers) at their level so far ...
    checks_needed: int  # ... of those a promotion needs: a newcomer's share grows as they pass them
