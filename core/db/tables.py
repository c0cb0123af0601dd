"""The tables. Timestamps are aware UTC (timestamptz on PostgreSQL); JSON columns hold small values only."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    """One player, whatever platforms they use. `points` caches the points they have earned (the sum of their
    `LedgerEntry` rows, moved in the same transaction); what they hold is in the book (`core/game/book.py`)."""

    id: int | None = Field(default=None, primary_key=True)
    display_name: str = Field(max_length=128)
    referral_code: str = Field(max_length=16, unique=True)
    level: int = 0
    level_since: datetime
    best_level: int = 0
    invited_by: int | None = Field(default=None, foreign_key="account.id", index=True)
    referral_rewarded: bool = False
    points: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0, index=True))
    streak: int = 0
    last_check_in: date | None = None
    created_at: datetime
    # Caches kept in the answer's own transaction, so the hot path needs no extra queries: the correctness of
    # recent gold answers at the current level ("1"/"0", newest first; the assignments are the truth) and the
    # answers in the current one-hour rate window.
    gold_recent: str = Field(default="", max_length=64)
    hour_started: datetime | None = None
    hour_answers: int = 0
    # The language the player chose (/language), else the locale their platform reported when they started:
    # notices sent later are written in the first of the two the game speaks.
    language: str | None = Field(default=None, max_length=8)
    locale: str | None = Field(default=None, max_length=16)


class Identity(SQLModel, table=True):
    platform: str = Field(primary_key=True, max_length=16)
    external_id: str = Field(primary_key=True, max_length=64)
    account_id: int = Field(foreign_key="account.id", index=True)
    display_name: str = Field(max_length=128)


class LinkCode(SQLModel, table=True):
    code: str = Field(primary_key=True, max_length=16)
    account_id: int = Field(foreign_key="account.id")
    expires_at: datetime
    used_at: datetime | None = None


class Community(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("platform", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    platform: str = Field(max_length=16)
    external_id: str = Field(max_length=64)
    title: str = Field(max_length=256)


class Membership(SQLModel, table=True):
    community_id: int = Field(foreign_key="community.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True, index=True)
    moderator: bool = False
    # When the platform last said who administers the group: a moderator's rights hold only that long.
    moderator_checked_at: datetime | None = None
    banned: bool = False


class Campaign(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=128, unique=True)
    kind: str = Field(max_length=32)
    question: str = Field(max_length=512)
    choices: list[list[str]] = Field(sa_column=Column(JSON, nullable=False))
    level: int = Field(index=True)
    community_id: int | None = Field(default=None, foreign_key="community.id", index=True)
    status: str = Field(default="active", max_length=16)
    gold_feedback: bool = True
    min_overlap: int = 3
    max_overlap: int = 7
    created_at: datetime
    # Campaign terms (admins set them): the share of gold served, the confidence at which an item resolves,
    # the token pool shared among those who agree with consensus, and when the campaign ends.
    gold_rate: float | None = None
    target_confidence: float = 0.9
    reward_pool: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    points_per_item: int = 0
    deadline: datetime | None = None
    instructions: str = Field(default="", max_length=2000)
    # Serving weight across the campaigns open to a player: a campaign of priority 3 is served three times as
    # often as one of priority 1, and none is starved (every active campaign keeps a share).
    priority: int = 1
    created_by: str | None = Field(default=None, max_length=128)
    # The refit's map from posterior margin to calibrated confidence, fitted on the campaign's gold; None until
    # enough gold was answered (the raw posterior is used until then).
    calibration_slope: float | None = None
    calibration_intercept: float | None = None
    # The key of worker pseudonyms in exports (hex), made at the first export: a worker keeps one pseudonym
    # across the campaign's exports, and pseudonyms of two campaigns cannot be linked.
    export_key: str | None = Field(default=None, max_length=32)
    # Eligibility beyond community and level (see core.game.eligibility).
    min_reputation: float | None = None
    onboarding_gold: int = 0
    # A model trained on the campaign's settled items answers its open items as one more worker (core.assist).
    model_assist: bool = False


class Item(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("campaign_id", "external_id"),
        # Gold's pick: the least-answered open gold item of a campaign first.
        Index("ix_item_pick", "campaign_id", "gold", "status", "answers"),
        # The other items' pick: where an answer is worth most first, the most answered among equals.
        Index("ix_item_value", "campaign_id", "gold", "status", "ask_value", "answers"),
    )
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    external_id: str = Field(max_length=128)
    text: str = Field(default="", max_length=4000)
    image: str | None = Field(default=None, max_length=512)
    answers_shown: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # Who wrote a comparison's answers A and B, for the campaign's ranking: never served to players.
    system_a: str | None = Field(default=None, max_length=80)
    system_b: str | None = Field(default=None, max_length=80)
    known_answer: str | None = Field(default=None, max_length=64)
    gold: bool = False
    answers: int = 0
    status: str = Field(default="open", max_length=16)
    label: str | None = Field(default=None, max_length=64)
    confidence: float | None = None
    resolved_at: datetime | None = None
    # Unnormalised log-posterior over the campaign's choices, updated by every counted answer.
    log_posterior: list[float] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    # What one more answer is worth (core.consensus.ask_value of the posterior), written with the posterior so
    # that serving orders by a column; core.consensus.FRESH_VALUE until the first answer.
    ask_value: float = Field(default=0.25, sa_column_kwargs={"server_default": "0.25"})
    # Why a withdrawn item is out of serving: its link gave no image, or a chat platform refused to show it.
    withdrawn_reason: str | None = Field(default=None, max_length=200)


class Assignment(SQLModel, table=True):
    """A task shown to a player; the answer lands on the same row, once."""

    __table_args__ = (
        UniqueConstraint("item_id", "account_id"),
        Index("ix_assignment_open", "account_id", "answered_at"),
        Index("ix_assignment_gold", "account_id", "level", "gold", "answered_at"),
        # Results paging reads a page's answers from this index alone, in their order.
        Index("ix_assignment_item_answers", "item_id", "answered_at", "account_id", "choice", "counted"),
    )
    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="item.id")
    account_id: int = Field(foreign_key="account.id")
    level: int
    gold: bool
    shown_at: datetime
    answered_at: datetime | None = None
    choice: str | None = Field(default=None, max_length=64)
    counted: bool = False
    correct: bool | None = None


class LedgerEntry(SQLModel, table=True):
    """Append-only record of points earned, by reason (what standings rank; claims do not lower it); the value
    itself moves in the book. (account, reason, ref) is unique so a retried use case cannot pay twice."""

    __table_args__ = (
        UniqueConstraint("account_id", "reason", "ref"),
        Index("ix_ledger_time", "created_at", "account_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    amount: int = Field(sa_column=Column(BigInteger, nullable=False))
    reason: str = Field(max_length=32)
    ref: str = Field(max_length=64)
    community_id: int | None = Field(default=None, foreign_key="community.id", index=True)
    created_at: datetime


class CheckInDay(SQLModel, table=True):
    account_id: int = Field(foreign_key="account.id", primary_key=True)
    day: date = Field(primary_key=True)
    streak: int
    points: int


class Notice(SQLModel, table=True):
    """Outbox of notices; an adapter claims them (`claimed_until`), delivers them and marks them delivered."""

    __table_args__ = (Index("ix_notice_pending", "delivered_at", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    kind: str = Field(max_length=32)
    # Addressed to one identity of the account (None: to the account, wherever it plays).
    platform: str | None = Field(default=None, max_length=16)
    external_id: str | None = Field(default=None, max_length=64)
    facts: dict[str, str | int | float] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    delivered_at: datetime | None = None
    claimed_until: datetime | None = None  # a worker is sending it; after this time another may retry it
