"""Sending a player their task; one Telegram refuses to show is skipped for good and the next one sent instead."""

from __future__ import annotations

import logging

from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.common import views
from bot.telegram import render
from core.errors import NoTasks
from core.game.game import Game
from core.types import Prompt, UserRef

log = logging.getLogger("chatlabel.telegram")
# A few refused tasks in a row are skipped; past that something other than the tasks is wrong.
MAX_SKIPPED = 3


async def send_task(
    bot: ExtBot, game: Game, user: UserRef, chat_id: int, prompt: Prompt | None, app_url: str | None = None
) -> None:
    """`app_url`: the Mini App's address, for a "Play in the app" button under the task (None: no button)."""
    for _ in range(MAX_SKIPPED):
        if prompt is None:
            raise NoTasks()
        try:
            await render.send(bot, chat_id, views.task(prompt), app_url)
            return
        except BadRequest as exc:
            if "chat" in exc.message.lower():  # the chat, not the task, is the problem
                raise
            log.warning("task %s refused by Telegram, withdrawn: %s", prompt.task_id, exc.message)
            await game.undeliverable(user, prompt.task_id, exc.message)
        prompt = await game.next_task(user)
    raise NoTasks()
