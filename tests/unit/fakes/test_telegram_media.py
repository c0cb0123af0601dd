"""The fake Bot API's files, photos, captions and groups: uploads, edits, deletes and chat members."""

from __future__ import annotations

import io

import pytest
from telegram import InputMediaPhoto, Update
from telegram.error import BadRequest
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fakes.telegram_api import FakeTelegramApi
from tests.unit.fakes.telegram_support import KEYBOARD, png


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


async def test_edit_message_media_replaces_a_photo_and_refuses_text(telegram_api: FakeTelegramApi) -> None:
    """#editmessagemedia: a photo message gets a new photo, caption and keyboard; a text message has no media."""

    gus = telegram_api.user("Gus")
    telegram_api.command(gus, "/start")
    app = telegram_api.configure(ApplicationBuilder()).build()
    async with app:
        bot = app.bot
        photo = await bot.send_photo(gus.id, png(320, 200, (200, 0, 0)), caption="Task 1", reply_markup=KEYBOARD)
        green = InputMediaPhoto(png(320, 200, (0, 200, 0)), caption="Task 2")
        edited = await bot.edit_message_media(green, gus.id, photo.message_id, reply_markup=KEYBOARD)
        assert edited.caption == "Task 2" and edited.photo[-1].file_id != photo.photo[-1].file_id
        text = await bot.send_message(gus.id, "a text task")
        with pytest.raises(BadRequest, match="There is no media in the message to edit"):
            await bot.edit_message_media(InputMediaPhoto(png(320, 200, (0, 0, 200))), gus.id, text.message_id)
    [stored, plain] = telegram_api.bot_messages(gus)
    assert stored.caption == "Task 2" and stored.buttons and [e["caption"] for e in stored.edits] == ["Task 1"]
    assert plain.text == "a text task" and plain.edits == []
