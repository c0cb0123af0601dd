"""Showing a player their task; one Telegram refuses to show is skipped for good and the next one sent instead."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, CallbackQuery
from telegram.error import BadRequest

from bot.common import views
from bot.common.views import Press
from bot.telegram import render
from core.errors import NoTasks
from core.game.game import Game
from core.types import Prompt, UserRef

log = logging.getLogger("chatlabel.telegram")
# A few refused tasks in a row are skipped; past that something other than the tasks is wrong.
MAX_SKIPPED = 3


async def send_task(
    bot: Bot, game: Game, user: UserRef, chat_id: int, prompt: Prompt | None, app_url: str | None = None
) -> None:
    """`app_url`: the Mini App's address, for a "Play in the app" button under the task (None: no button)."""
    for _ in range(MAX_SKIPPED):
        if prompt is None:
            raise NoTasks()
        try:
            await render.send(bot, chat_id, await asyncio.to_thread(views.task, prompt), app_url)  # card off the loop
            return
        except BadRequest as exc:
            if "chat" in exc.message.lower():  # the chat, not the task, is the problem
                raise
            log.warning("task %s refused by Telegram, withdrawn: %s", prompt.task_id, exc.message)
            await game.undeliverable(user, prompt.task_id, exc.message)
        prompt = await game.next_task(user)
    raise NoTasks()


async def show_next(
    query: CallbackQuery,
    game: Game,
    user: UserRef,
    chat_id: int,
    shown: Press,
    following: Prompt | None,
    app_url: str | None = None,
) -> None:
    """The press's one edit into the next task; a next task Telegram refuses is withdrawn and another one sent."""
    try:
        await render.show_press(query, chat_id, shown, app_url)
    except BadRequest as exc:
        problem = exc.message.lower()
        if "not modified" in problem:
            return  # it already shows this
        if following is None or "chat" in problem:
            raise
        log.warning("task %s refused by Telegram, withdrawn: %s", following.task_id, exc.message)
        await game.undeliverable(user, following.task_id, exc.message)
        await render.show_choice(query, shown.toast)
        await send_task(query.get_bot(), game, user, chat_id, await game.next_task(user), app_url)
