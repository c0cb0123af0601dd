"""What the Telegram side records on `/metrics`: updates by kind (the Bot API calls are timed in `request`)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes


def update_kind(update: Update) -> str:
    if update.callback_query is not None:
        return "press"
    if update.message is not None and update.message.text and update.message.text.startswith("/"):
        return "command"
    if update.my_chat_member is not None:
        return "membership"
    return "message"


async def count_update(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1) and lets the update through."""
    metrics = context.bot_data.get("metrics")
    if metrics is not None and isinstance(update, Update):
        metrics.update("telegram", update_kind(update))
