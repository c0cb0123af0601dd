"""Group play: a community's options, the quizzes posted to it and who answered them there.

Answers stay ordinary Assignment rows for consensus; `GroupQuizAnswer` records which of them were given in the
group, so a quiz's tallies are the group's own and a member's private play stays private.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class CommunityOptions(SQLModel, table=True):
    """What moderators change with /community; `active` is false while the bot is out of the group."""

    __tablename__ = "community_options"
    community_id: int = Field(foreign_key="community.id", primary_key=True)
    active: bool = True
    daily_quiz: bool = True
    quiz_minutes: int = 60


class GroupQuiz(SQLModel, table=True):
    """An item posted to a group; each member's press becomes their own Assignment of the item.

    `daily_day` is set for the scheduled quiz and unique per community, so two workers (or a restart) post once.
    `message_ref` is where the platform shows it, so the closing job can reveal the tallies in place.
    """

    __tablename__ = "group_quiz"
    __table_args__ = (
        UniqueConstraint("community_id", "daily_day"),
        Index("ix_group_quiz_due", "closed_at", "closes_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    community_id: int = Field(foreign_key="community.id", index=True)
    item_id: int = Field(foreign_key="item.id")
    posted_by: int | None = Field(default=None, foreign_key="account.id")
    daily_day: date | None = None
    posted_at: datetime
    closes_at: datetime
    closed_at: datetime | None = None
    message_ref: str | None = Field(default=None, max_length=64)


class GroupQuizAnswer(SQLModel, table=True):
    """A member's press on a group quiz (their answer of the item, as given or as they had given it before)."""

    __tablename__ = "group_quiz_answer"
    quiz_id: int = Field(foreign_key="group_quiz.id", primary_key=True)
    account_id: int = Field(foreign_key="account.id", primary_key=True, index=True)
    choice: str = Field(max_length=64)
    answered_at: datetime
