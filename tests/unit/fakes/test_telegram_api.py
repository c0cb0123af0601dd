"""The fake Bot API driven by the real python-telegram-bot Application over HTTP."""

from __future__ import annotations

import asyncio
import io

import pytest
from aiohttp import web
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import RateLimits

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


def png(width: int, height: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("L", (width, height)).save(out, format="PNG")
    return out.getvalue()


def build(api: FakeTelegramApi) -> Application:
    app = api.configure(ApplicationBuilder()).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(answer))
    return app


async def test_start_press_edit_over_http(telegram_api: FakeTelegramApi) -> None:
    app = build(telegram_api)
    alice = telegram_api.user("Alice")
    async with app:
        await app.bot.set_my_commands([("start", "Begin the game")])
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        telegram_api.command(alice, "/start ref_abc")
        await telegram_api.settle()
        [_, quiz] = telegram_api.messages(alice)
        assert quiz.text == "Hi ref_abc"
        assert quiz.entities == [{"type": "bold", "offset": 0, "length": 2}]
        assert [b["text"] for b in quiz.buttons] == ["Bot", "Human"]

        press = telegram_api.press(alice, quiz, "Human")
        await telegram_api.settle()
        await app.updater.stop()
        await app.stop()

    assert press.answered and press.text == "Recorded"
    assert quiz.text == "You chose hum"
    assert quiz.reply_markup is None  # an edit without reply_markup removes the keyboard
    assert quiz.edits == [{"text": "Hi ref_abc", "caption": None, "reply_markup": KEYBOARD.to_dict()}]
    assert telegram_api.errors == []
    assert [c["command"] for c in telegram_api.commands['[{"type": "default"}, ""]']] == ["start"]
    assert telegram_api.state.pending == []  # the stop confirmed every update


async def test_process_update_unit_level(telegram_api: FakeTelegramApi) -> None:
    app = build(telegram_api)
    bob = telegram_api.user("Bob")
    async with app:
        telegram_api.command(bob, "/start")
        [update] = await app.bot.get_updates()
        await app.process_update(update)
    assert telegram_api.bot_messages(bob)[0].text == "Hi -"


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


async def test_documents_photos_groups_and_members(telegram_api: FakeTelegramApi) -> None:
    admin = telegram_api.user("Admin")
    member = telegram_api.user("Member")
    group = telegram_api.group("Labelers")
    received: list[bytes] = []

    async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Download the uploaded pack and answer with a photo."""
        file = await update.message.document.get_file()
        received.append(bytes(await file.download_as_bytearray()))
        await update.effective_chat.send_photo(io.BytesIO(b"\x89PNG\r\n"), caption="stats")

    app = telegram_api.configure(ApplicationBuilder()).build()
    app.add_handler(MessageHandler(filters.Document.ALL, upload))
    async with app:
        await app.updater.start_polling(poll_interval=0, timeout=1)
        await app.start()
        telegram_api.add_bot_to_group(group, admin)
        telegram_api.group_message(group, member, "/quiz@chatlabel_test_bot")
        telegram_api.upload_document(admin, b"id,text\n1,hi\n", "pack.csv", caption="/campaign upload")
        await telegram_api.settle()
        owner = await app.bot.get_chat_member(group.id, admin.id)
        admins = await app.bot.get_chat_administrators(group.id)
        plain = await app.bot.get_chat_member(group.id, member.id)
        await app.updater.stop()
        await app.stop()
    assert received == [b"id,text\n1,hi\n"]
    photo = telegram_api.bot_messages(admin)[-1]
    assert photo.caption == "stats" and photo.photo_file_id in telegram_api.state.files
    assert owner.status == "creator" and plain.status == "member"
    assert [a.user.id for a in admins] == [admin.id]
    kinds = [next(k for k in u if k != "update_id") for u in telegram_api.state.injected]
    assert kinds == ["my_chat_member", "message", "message", "message"]
    assert telegram_api.errors == []


async def test_second_poller_gets_conflict(telegram_api: FakeTelegramApi) -> None:
    first_bot = Bot(telegram_api.token, base_url=telegram_api.base_url)
    second_bot = Bot(telegram_api.token, base_url=telegram_api.base_url)
    async with first_bot, second_bot:
        first = asyncio.create_task(first_bot.get_updates(timeout=2))
        await asyncio.sleep(0.1)
        assert await second_bot.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates"):
            await first


async def test_caption_markup_edits_and_delete(telegram_api: FakeTelegramApi) -> None:
    fay = telegram_api.user("Fay")
    telegram_api.command(fay, "/start")
    app = telegram_api.configure(ApplicationBuilder()).build()
    async with app:
        bot = app.bot
        photo = await bot.send_photo(fay.id, b"\x89PNG", caption="Which is real?", reply_markup=KEYBOARD)
        await bot.edit_message_reply_markup(fay.id, photo.message_id, reply_markup=None)
        with pytest.raises(BadRequest, match="Message is not modified"):
            await bot.edit_message_reply_markup(fay.id, photo.message_id, reply_markup=None)
        await bot.edit_message_caption(fay.id, photo.message_id, caption="Which is real? (closed)")
        with pytest.raises(BadRequest, match="There is no text in the message to edit"):
            await bot.edit_message_text("text", fay.id, photo.message_id)
        again = await bot.send_photo(fay.id, photo.photo[-1].file_id)  # a file_id is reused, not uploaded
        assert await bot.delete_message(fay.id, again.message_id)
        with pytest.raises(BadRequest, match="Message to delete not found"):
            await bot.delete_message(fay.id, again.message_id)
    [_, stored] = telegram_api.messages(fay)
    assert stored.caption == "Which is real? (closed)" and stored.reply_markup is None
    assert [e["caption"] for e in stored.edits] == ["Which is real?", "Which is real?"]
    assert telegram_api.calls("sendPhoto")[1]["photo"] == photo.photo[-1].file_id


async def test_webhook_delivery_with_secret_token(telegram_api: FakeTelegramApi) -> None:
    received: list[tuple[str | None, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.headers.get("X-Telegram-Bot-Api-Secret-Token"), await request.json()))
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    gus = telegram_api.user("Gus")
    app = telegram_api.configure(ApplicationBuilder()).build()
    try:
        async with app:
            assert await app.bot.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
            with pytest.raises(Conflict, match="webhook is active"):
                await app.bot.get_updates()
            update = telegram_api.command(gus, "/start web")
            await telegram_api.wait_until(lambda: received)
    finally:
        await runner.cleanup()
    [(secret, body)] = received
    assert secret == "s3cret" and body["message"]["message_id"] == update.message_id
    assert telegram_api.state.pending == []
