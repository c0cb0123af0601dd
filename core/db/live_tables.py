"""Each player's live task message: the one message whose buttons answer their open task.

It lives in the database, not in a worker's memory, because the next update of the same player (a /play, a
press) may reach another worker. The reference is the adapter's own (a chat and message id, say); the core
only stores and compares it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel


class LiveTaskMessage(SQLModel, table=True):
    __tablename__ = "live_task_message"
    platform: str = Field(primary_key=True, max_length=16)
    external_id: str = Field(primary_key=True, max_length=64)  # the player's id on that platform
    message_ref: str = Field(max_length=512)
    posted_at: datetime
