"""Sending a player their task; one Discord refuses to show is skipped for good and the next one sent instead."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.common import views
from bot.discord import render
from core.errors import NoTasks
from core.types import Prompt, UserRef

log = logging.getLogger("chatlabel.discord")
# A few refused tasks in a row are skipped; past that something other than the tasks is wrong.
MAX_SKIPPED = 3
# What Discord answers for content it will not post: an invalid body, or an attachment too large.
CONTENT_REFUSALS = (400, 413)


async def send_task(interaction: discord.Interaction[Any], user: UserRef, prompt: Prompt | None) -> None:
    game = interaction.client.game
    for _ in range(MAX_SKIPPED):
        if prompt is None:
            raise NoTasks()
        try:
            await render.send(interaction, views.task(prompt))
            return
        except discord.HTTPException as exc:
            if exc.status not in CONTENT_REFUSALS:
                raise
            reason = f"{exc.code} {exc.text}".strip()
            log.warning("task %s refused by Discord, withdrawn: %s", prompt.task_id, reason)
            await game.undeliverable(user, prompt.task_id, reason)
        prompt = await game.next_task(user)
    raise NoTasks()
