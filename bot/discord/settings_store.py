"""Per-server settings (the daily quiz channel), kept by the core; Discord's ids as integers here."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot


async def set_quiz_channel(client: ChatlabelBot, guild_id: int, channel_id: int | None) -> None:
    await client.game.prefs.set_quiz_channel(str(guild_id), str(channel_id) if channel_id is not None else None)


async def quiz_channels(client: ChatlabelBot) -> dict[int, int]:
    """guild id -> channel id of every server with a daily quiz."""
    return {int(guild): int(channel) for guild, channel in (await client.game.prefs.quiz_channels()).items()}
