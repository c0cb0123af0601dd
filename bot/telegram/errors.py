"""The one error handler: a GameError is shown with its own sentence, anything else logged with an apology."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.common import texts
from bot.telegram import render
from bot.telegram.context import GameContext
from core.errors import GameError

log = logging.getLogger("chatlabel.telegram")


async def on_error(update: object, context: GameContext) -> None:
    """Tell the user what went wrong; an exception here must never stop the bot."""
    error = context.error
    if isinstance(error, GameError):
        log.info("refused: %s", error.user_message)
        text = texts.refusal(error)
    else:
        log.error("handler failed for update %s", getattr(update, "update_id", "?"), exc_info=error)
        text = texts.APOLOGY
    if isinstance(update, Update):
        await tell(update, text)


async def tell(update: Update, text: str) -> None:
    """A press gets an alert; if it was answered already, a private chat gets a message instead."""
    chat = update.effective_chat
    try:
        if update.callback_query is not None:
            try:
                await update.callback_query.answer(render.fit(text, render.ANSWER_LIMIT), show_alert=True)
                return
            except TelegramError:
                if chat is None or chat.type != chat.PRIVATE:
                    raise
        if chat is not None:
            await chat.send_message(text)
    except TelegramError as exc:  # blocked, gone, too old: the log line is all we can do
        log.warning("could not tell the user (%s): %s", exc, text)
