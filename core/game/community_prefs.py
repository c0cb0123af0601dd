"""What a community's moderators set for their chat platform: a role per level and the daily quiz's channel.

Kept by the core (one transaction each) so adapters never touch the database; the ids are the platform's own.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.discord_tables import DiscordGuildSettings, DiscordLevelRole
from core.game.deps import GameDeps


class CommunityPrefs:
    def __init__(self, deps: GameDeps) -> None:
        self.deps = deps

    async def level_roles(self) -> dict[str, dict[int, str]]:
        """server id -> level -> role id, for every server that configured any."""

        async def read(session: AsyncSession) -> dict[str, dict[int, str]]:
            table: dict[str, dict[int, str]] = {}
            for row in (await session.scalars(select(DiscordLevelRole))).all():
                table.setdefault(row.guild_id, {})[row.level] = row.role_id
            return table

        return await self.deps.db.transaction(read)

    async def set_level_role(self, server_id: str, level: int, role_id: str | None) -> None:
        """The role a server gives at `level` (None: none)."""

        async def write(session: AsyncSession) -> None:
            where = (col(DiscordLevelRole.guild_id) == server_id, col(DiscordLevelRole.level) == level)
            await session.execute(delete(DiscordLevelRole).where(*where))
            if role_id is not None:
                session.add(DiscordLevelRole(guild_id=server_id, level=level, role_id=role_id))

        await self.deps.db.transaction(write)

    async def set_quiz_channel(self, server_id: str, channel_id: str | None) -> None:
        async def write(session: AsyncSession) -> None:
            row = await session.get(DiscordGuildSettings, server_id)
            if row is None:
                row = DiscordGuildSettings(guild_id=server_id)
                session.add(row)
            row.quiz_channel_id = channel_id

        await self.deps.db.transaction(write)

    async def quiz_channels(self) -> dict[str, str]:
        """server id -> channel id of every server with a daily quiz channel."""

        async def read(session: AsyncSession) -> dict[str, str]:
            query = select(DiscordGuildSettings).where(col(DiscordGuildSettings.quiz_channel_id).is_not(None))
            rows = (await session.scalars(query)).all()
            return {row.guild_id: row.quiz_channel_id for row in rows if row.quiz_channel_id is not None}

        return await self.deps.db.transaction(read)
