"""Discord's per-server settings: a role per level and the channel of the daily quiz.

A server is a community (platform "discord", external id = guild id); these rows hang off the guild id so the
adapter can read them without the community existing yet.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class DiscordLevelRole(SQLModel, table=True):
    __tablename__ = "discord_level_role"
    guild_id: str = Field(primary_key=True, max_length=32)
    level: int = Field(primary_key=True)
    role_id: str = Field(max_length=32)


class DiscordGuildSettings(SQLModel, table=True):
    __tablename__ = "discord_guild_settings"
    guild_id: str = Field(primary_key=True, max_length=32)
    quiz_channel_id: str | None = Field(default=None, max_length=32)
