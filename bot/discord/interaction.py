"""The Discord adapter's interaction type: `interaction.client` is our bot, so handlers see `.game` and
`.settings` typed. At run time it is plain `discord.Interaction` (the bot module imports the handlers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias, TypeGuard

import discord

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

    Interaction: TypeAlias = discord.Interaction[ChatlabelBot]
else:
    Interaction = discord.Interaction

__all__ = ["Interaction", "reached_chatlabel"]


def reached_chatlabel(interaction: discord.Interaction[discord.Client]) -> TypeGuard[Interaction]:
    """Whether `interaction.client` is our bot: discord.py types a UI item's interaction for any client."""
    from bot.discord.app import ChatlabelBot  # the bot module imports the handlers, so not at import time

    return isinstance(interaction.client, ChatlabelBot)
