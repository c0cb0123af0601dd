"""Showing a player their task; one Telegram refuses to show is skipped for good and the next one sent instead.

A player has one live task message: posting a new one takes the buttons off the one before (one edit, on the
paths that post a message anyway), and a press on any other message is stale."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, CallbackQuery, MaybeInaccessibleMessage, Message
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


def message_ref(message: MaybeInaccessibleMessage) -> str:
    """How the core keeps a message: its chat and id, all an edit needs."""
    return f"{message.chat.id}:{message.message_id}"


async def is_live(game: Game, user: UserRef, message: MaybeInaccessibleMessage | None) -> bool:
    """Whether a press on `message` may answer the player's task: it is their live task message, or none is kept
    (a message posted before the game kept them, or an inline one without a message). A press in another chat
    than the player's is not theirs to refuse here: the core says whose task it is."""
    live = await game.live_task(user)
    if live is None or message is None:
        return True
    return live == message_ref(message) or not live.startswith(f"{message.chat.id}:")


async def posted(bot: Bot, game: Game, user: UserRef, sent: Message, pressed: MaybeInaccessibleMessage | None) -> None:
    """`sent` is the player's live task message now; the one before loses its buttons, unless it is the pressed
    message (a press has already rewritten that one without them)."""
    before = await game.task_posted(user, message_ref(sent))
    if before is None or (pressed is not None and before == message_ref(pressed)):
        return
    chat_id, message_id = before.split(":")
    try:
        await bot.edit_message_reply_markup(int(chat_id), int(message_id), reply_markup=None)
    except BadRequest as exc:  # deleted, or already without buttons: nothing is left to answer from it
        log.info("old task message %s kept as it was: %s", before, exc.message)


async def send_task(
    bot: Bot,
    game: Game,
    user: UserRef,
    chat_id: int,
    prompt: Prompt | None,
    app_url: str | None = None,
    pressed: MaybeInaccessibleMessage | None = None,
) -> None:
    """`app_url`: the Mini App's address, for a "Play in the app" button under the task (None: no button);
    `pressed`: the message of the press this follows, if any."""
    for _ in range(MAX_SKIPPED):
        if prompt is None:
            raise NoTasks()
        try:
            reply = await asyncio.to_thread(views.task, prompt)  # the card, off the loop
            await posted(bot, game, user, await render.send(bot, chat_id, reply, app_url), pressed)
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
        sent = await render.show_press(query, chat_id, shown, app_url)
        if sent is not None and shown.following.buttons:
            await posted(query.get_bot(), game, user, sent, query.message)
    except BadRequest as exc:
        problem = exc.message.lower()
        if "not modified" in problem:
            return  # it already shows this
        if following is None or "chat" in problem:
            raise
        log.warning("task %s refused by Telegram, withdrawn: %s", following.task_id, exc.message)
        await game.undeliverable(user, following.task_id, exc.message)
        await render.show_choice(query, shown.toast)
        await send_task(query.get_bot(), game, user, chat_id, await game.next_task(user), app_url, query.message)
