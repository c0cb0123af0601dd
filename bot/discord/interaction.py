"""The Discord adapter's interaction type: `interaction.client` is our bot, so handlers see `.game` and
`.settings` typed. At run time it is plain `discord.Interaction` (the bot module imports the handlers)."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

import discord

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

    Interaction: TypeAlias = discord.Interaction[ChatlabelBot]
else:
    Interaction = discord.Interaction

__all__ = ["Interaction"]
