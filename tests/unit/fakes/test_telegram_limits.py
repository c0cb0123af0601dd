"""The fake Bot API refuses what Telegram refuses, with the errors python-telegram-bot raises for them."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.ext import ApplicationBuilder

from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import RateLimits
from tests.unit.fakes.telegram_support import KEYBOARD, png


async def test_limits_give_telegram_errors(telegram_api: FakeTelegramApi) -> None:
    carol = telegram_api.user("Carol")
    telegram_api.command(carol, "/start")
    app = telegram_api.configure(ApplicationBuilder()).build()
    async with app:
        bot = app.bot
        long_data = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="y" * 65)]])
        with pytest.raises(BadRequest, match="Button_data_invalid"):
            await bot.send_message(carol.id, "quiz", reply_markup=long_data)
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(carol.id, "x" * 4097)
        # Markup does not count: 4096 visible characters inside tags are fine.
        await bot.send_message(carol.id, "<b>" + "x" * 4096 + "</b>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="Message caption is too long"):
            await bot.send_photo(carol.id, b"\x89PNG fake", caption="c" * 1025)
        # Telegram counts in UTF-16 code units: an emoji outside the BMP takes two.
        with pytest.raises(BadRequest, match="Message is too long"):
            await bot.send_message(carol.id, "🔥" * 2049)
        await bot.send_message(carol.id, "🔥" * 2048)
        with pytest.raises(BadRequest, match="Message caption is too long"):
            await bot.send_photo(carol.id, b"\x89PNG fake", caption="🔥" * 513)
        await bot.send_photo(carol.id, b"\x89PNG fake", caption="🔥" * 512)
        with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
            await bot.send_photo(carol.id, png(1000, 20))
        with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
            await bot.send_photo(carol.id, png(6000, 5000))
        await bot.send_photo(carol.id, png(400, 20))
        with pytest.raises(BadRequest, match="Can't parse entities"):
            await bot.send_message(carol.id, "1.5 points", parse_mode="MarkdownV2")
        sent = await bot.send_message(carol.id, "same")
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_text("same", carol.id, sent.message_id)
        with pytest.raises(BadRequest, match="Message to edit not found"):
            await bot.edit_message_text("new", carol.id, 9999)
        with pytest.raises(BadRequest, match="Chat not found"):
            await bot.send_message(424242, "hello")
        telegram_api.block(carol)
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(carol.id, "hello")
    assert len(telegram_api.errors) == 12
    assert telegram_api.errors[0].error.description == "Bad Request: BUTTON_DATA_INVALID"


async def test_callback_answered_once_within_15_seconds(telegram_api: FakeTelegramApi) -> None:
    dan = telegram_api.user("Dan")
    telegram_api.command(dan, "/start")
    app = telegram_api.configure(ApplicationBuilder()).build()
    async with app:
        quiz = await app.bot.send_message(dan.id, "quiz", reply_markup=KEYBOARD)
        stored = telegram_api.messages(dan)[-1]
        assert stored.message_id == quiz.message_id
        first = telegram_api.press(dan, stored, "Bot")
        assert await app.bot.answer_callback_query(first.id)
        with pytest.raises(BadRequest, match="Query is too old"):
            await app.bot.answer_callback_query(first.id)
        late = telegram_api.press(dan, stored, "a:1:hum")
        telegram_api.clock.advance(16)
        with pytest.raises(BadRequest, match="Query is too old"):
            await app.bot.answer_callback_query(late.id)
        with pytest.raises(LookupError):
            telegram_api.press(dan, stored, "Maybe")


async def test_rate_limit_answers_429_with_retry_after() -> None:
    async with FakeTelegramApi(limits=RateLimits(enabled=True)) as api:
        eve = api.user("Eve")
        api.command(eve, "/start")
        app = api.configure(ApplicationBuilder()).build()
        async with app:
            await app.bot.send_message(eve.id, "one")
            with pytest.raises(RetryAfter) as caught:
                await app.bot.send_message(eve.id, "two")
            assert "Retry in 1 seconds" in str(caught.value)
            api.clock.advance(1.01)
            await app.bot.send_message(eve.id, "two")
        assert api.errors[0].error.parameters == {"retry_after": 1}
