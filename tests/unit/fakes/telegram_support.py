"""What the fake Bot API's tests share: a two-button quiz, a bot that plays it, and generated images."""

from __future__ import annotations

import io

from PIL import Image
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fakes.telegram_api import FakeTelegramApi

KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Bot", callback_data="a:1:bot"),
            InlineKeyboardButton("Human", callback_data="a:1:hum"),
        ]
    ]
)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Welcome with the start argument and a quiz."""
    arg = context.args[0] if context.args else "-"
    await update.effective_chat.send_message(f"<b>Hi</b> {arg}", parse_mode="HTML", reply_markup=KEYBOARD)


async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer the press, then show the choice."""
    query = update.callback_query
    await query.answer("Recorded")
    await query.edit_message_text(f"You chose {query.data.rsplit(':', 1)[1]}")


def png(width: int, height: int, colour: tuple[int, int, int] = (0, 0, 0)) -> bytes:
    """A real PNG of that size, which the fake reads the dimensions of."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def build(api: FakeTelegramApi) -> Application:
    """An application on the fake that answers /start with the quiz and records presses."""
    app = api.configure(ApplicationBuilder()).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(answer))
    return app
