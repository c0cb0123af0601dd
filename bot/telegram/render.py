"""The one sender of a neutral `Reply`, and the edits a press makes; Telegram's size rules are kept here."""

from __future__ import annotations

import dataclasses
import io
from functools import partial
from pathlib import Path

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    WebAppInfo,
)
from telegram.error import BadRequest

from bot.common import texts
from bot.common.progress import Edit
from bot.common.views import Press, Reply, pieces
from core.text_units import fit_utf16, utf16_len

# In UTF-16 code units, as Telegram counts them: an emoji outside the BMP takes two.
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
ANSWER_LIMIT = 200  # a callback query's answer
# (longest label, buttons per row): a phone shows about 4 short labels side by side before Telegram cuts them.
ROW_WIDTHS = ((8, 4), (14, 3), (24, 2), (10**6, 1))


def fit(text: str, limit: int) -> str:
    return fit_utf16(text, limit)


def keyboard(reply: Reply, app_url: str | None = None) -> InlineKeyboardMarkup | None:
    """A grid: up to four short choices a row, fewer as labels grow, one a row for sentences; with `app_url` a
    last row opens the Mini App (Telegram allows Web App buttons in private chats only)."""
    if not reply.buttons:
        return None
    aside = [b for b in reply.buttons if b.aside]
    choices = [b for b in reply.buttons if not b.aside]
    buttons = [InlineKeyboardButton(b.label, callback_data=b.data) for b in choices]
    longest = max((len(b.label) for b in choices), default=0)
    per_row = next(n for limit, n in ROW_WIDTHS if longest <= limit)
    rows = [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]
    # "Not sure" and "broken item" share a last row of their own, apart from the answers.
    rows += [[InlineKeyboardButton(b.label, callback_data=b.data) for b in aside]] if aside else []
    if app_url:
        rows.append([InlineKeyboardButton(texts.MINI_APP_BUTTON, web_app=WebAppInfo(app_url))])
    return InlineKeyboardMarkup(rows)


def picture(image: Path | bytes) -> bytes:
    return image.read_bytes() if isinstance(image, Path) else image


async def send(bot: Bot, chat_id: int | str, reply: Reply, app_url: str | None = None) -> Message:
    """A text, or a photo with the text as caption; buttons underneath. A text too long for one message goes in
    its parts, the buttons under the last; the message returned is that last one. A picture whose text is over
    a caption's limit (a comparison campaign's stats with its ranking) is captioned with the text's first line
    and followed by the whole text, rather than cut."""
    if reply.image is not None and not reply.buttons and utf16_len(reply.text) > CAPTION_LIMIT:
        await send_one(bot, chat_id, Reply(reply.text.split("\n", 1)[0], image=reply.image))
        reply = dataclasses.replace(reply, image=None)
    *leading, last = pieces(reply, TEXT_LIMIT) if reply.image is None else [reply]
    for part in leading:
        await send_one(bot, chat_id, part)
    return await send_one(bot, chat_id, last, app_url)


async def send_one(bot: Bot, chat_id: int | str, reply: Reply, app_url: str | None = None) -> Message:
    markup = keyboard(reply, app_url)
    if reply.image is None:
        return await bot.send_message(chat_id, fit(reply.text, TEXT_LIMIT), reply_markup=markup)
    caption = fit(reply.text, CAPTION_LIMIT)
    return await bot.send_photo(chat_id, io.BytesIO(picture(reply.image)), caption=caption, reply_markup=markup)


async def show_press(query: CallbackQuery, chat_id: int, shown: Press, app_url: str | None = None) -> Message | None:
    """One edit turns the pressed message into the next task (one call against the chat's rate limit).

    Telegram cannot turn a text message into a photo or back, and a comparison too long for one message comes
    in several: then the old message keeps the verdict without buttons and the next task comes anew, after any
    message of its own; that new message is returned (None when the pressed one became the next task).
    """
    bot, message = query.get_bot(), query.message
    wanted = shown.replacement
    fits = wanted.image is not None or wanted.fits(TEXT_LIMIT)
    in_place = isinstance(message, Message) and fits and bool(message.photo) == (wanted.image is not None)
    if isinstance(message, Message) and in_place:
        await edit_into(bot, message, wanted, app_url)
    elif isinstance(message, Message):
        await show_choice(query, shown.toast)
    for extra in shown.extra:
        await send(bot, chat_id, extra)
    return None if in_place else await send(bot, chat_id, shown.following, app_url)


async def edit_into(bot: Bot, message: Message, reply: Reply, app_url: str | None = None) -> None:
    """Rewrite a message as `reply`, buttons included: editMessageMedia for a photo, editMessageText for text."""
    markup = keyboard(reply, app_url)
    if reply.image is None:
        await bot.edit_message_text(
            fit(reply.text, TEXT_LIMIT), message.chat_id, message.message_id, reply_markup=markup
        )
        return
    media = InputMediaPhoto(picture(reply.image), caption=fit(reply.text, CAPTION_LIMIT))
    await bot.edit_message_media(media, message.chat_id, message.message_id, reply_markup=markup)


async def say(bot: Bot, chat_id: int | str, text: str) -> Message:
    return await send(bot, chat_id, Reply(text))


async def progress_message(bot: Bot, chat_id: int | str, text: str) -> Edit:
    """Send the message a `ChatProgress` follows, and return how to edit it."""
    sent = await say(bot, chat_id, text)
    return partial(replace, bot, chat_id, sent.message_id, photo=False)


async def replace(bot: Bot, chat_id: int | str, message_id: int, text: str, *, photo: bool) -> None:
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


async def replace_pressed(query: CallbackQuery, text: str) -> None:
    """The pressed message says only `text` now, without buttons (a list whose choice was made)."""
    message = query.message
    if isinstance(message, Message):
        await replace(query.get_bot(), message.chat_id, message.message_id, text, photo=bool(message.photo))
