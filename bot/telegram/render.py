"""The one sender of a neutral `Reply`, and the edits a press makes; Telegram's size rules are kept here."""

from __future__ import annotations

import io
from functools import partial
from pathlib import Path

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.common import texts
from bot.common.progress import Edit
from bot.common.views import Reply
from core.text_units import fit_utf16

# In UTF-16 code units, as Telegram counts them: an emoji outside the BMP takes two.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ANSWER_LIMIT = 200  # a callback query's answer


def fit(text: str, limit: int) -> str:
    return fit_utf16(text, limit)


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """One row for short choice lists, one button per row when labels are long or many."""
    if not reply.buttons:
        return None
    aside = [b for b in reply.buttons if b.label in texts.SET_ASIDE_BUTTONS.values()]
    choices = [b for b in reply.buttons if b not in aside]
    buttons = [InlineKeyboardButton(b.label, callback_data=b.data) for b in choices]
    one_row = len(buttons) <= 3 and sum(len(b.label) for b in choices) <= 30
    rows = [buttons] if one_row else [[b] for b in buttons]
    # "Not sure" and "broken item" share a last row of their own, apart from the answers.
    rows += [[InlineKeyboardButton(b.label, callback_data=b.data) for b in aside]] if aside else []
    return InlineKeyboardMarkup(rows)


async def send(bot: ExtBot, chat_id: int | str, reply: Reply) -> Message:
    """A text, or a photo with the text as caption; buttons underneath."""
    markup = keyboard(reply)
    if reply.image is None:
        return await bot.send_message(chat_id, fit(reply.text, TEXT_LIMIT), reply_markup=markup)
    photo = reply.image.read_bytes() if isinstance(reply.image, Path) else reply.image
    caption = fit(reply.text, CAPTION_LIMIT)
    return await bot.send_photo(chat_id, io.BytesIO(photo), caption=caption, reply_markup=markup)


async def say(bot: ExtBot, chat_id: int | str, text: str) -> Message:
    return await send(bot, chat_id, Reply(text))


async def progress_message(bot: ExtBot, chat_id: int | str, text: str) -> Edit:
    """Send the message a `ChatProgress` follows, and return how to edit it."""
    sent = await say(bot, chat_id, text)
    return partial(replace, bot, chat_id, sent.message_id, photo=False)


async def replace(bot: ExtBot, chat_id: int | str, message_id: int, text: str, *, photo: bool) -> None:
    """Rewrite a message and drop its buttons; "message is not modified" means it already shows this."""
    try:
        if photo:
            await bot.edit_message_caption(chat_id, message_id, caption=fit(text, CAPTION_LIMIT), reply_markup=None)
        else:
            await bot.edit_message_text(fit(text, TEXT_LIMIT), chat_id, message_id, reply_markup=None)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def show_choice(query: CallbackQuery, line: str) -> None:
    """The pressed task now shows the choice under the question, without buttons (no second press)."""
    message = query.message
    if not isinstance(message, Message):
        return  # too old for Telegram to include; nothing to edit
    photo = bool(message.photo)
    before = (message.caption if photo else message.text) or ""
    await replace(query.get_bot(), message.chat_id, message.message_id, f"{before}\n\n{line}", photo=photo)
