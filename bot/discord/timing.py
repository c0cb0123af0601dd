"""Discord waits 3 seconds for the first answer to an interaction: slow core work is deferred in time."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

import discord

from bot.discord.interaction import Interaction

T = TypeVar("T")


async def in_time(interaction: Interaction, work: Awaitable[T], *, private: bool = True) -> T:
    """Run `work`; if it outlasts `discord.defer_after_seconds`, acknowledge the interaction and keep waiting.

    A command is deferred with the "thinking…" message (ephemeral when the answer will be); a button press
    with a silent deferred update, so its message can still be edited afterwards.
    """
    task = asyncio.ensure_future(work)
    limit = interaction.client.settings.discord.defer_after_seconds
    done, _ = await asyncio.wait({task}, timeout=limit)
    if not done and not interaction.response.is_done():
        if interaction.type is discord.InteractionType.component:
            await interaction.response.defer()
        else:
            await interaction.response.defer(ephemeral=private, thinking=True)
    return await task
