"""Per-server settings kept in the database: the daily quiz channel."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from core.db.discord_tables import DiscordGuildSettings


async def set_quiz_channel(client: Any, guild_id: int, channel_id: int | None) -> None:
    async def write(session: Any) -> None:
        row = await session.get(DiscordGuildSettings, str(guild_id))
        if row is None:
            row = DiscordGuildSettings(guild_id=str(guild_id))
            session.add(row)
        row.quiz_channel_id = str(channel_id) if channel_id is not None else None

    await client.game.deps.db.transaction(write)


async def quiz_channels(client: Any) -> dict[int, int]:
    """guild id -> channel id of every server with a daily quiz."""

    async def read(session: Any) -> dict[int, int]:
        query = select(DiscordGuildSettings).where(DiscordGuildSettings.quiz_channel_id.is_not(None))
        return {int(row.guild_id): int(row.quiz_channel_id) for row in (await session.scalars(query)).all()}

    return await client.game.deps.db.transaction(read)
