"""A picture with more text than a caption holds (1,024 UTF-16 units): nothing of the text is cut."""

from __future__ import annotations

import io

from PIL import Image
from telegram import Bot

from bot.common.views import Reply
from bot.telegram import render
from tests.fakes.telegram_api import FakeTelegramApi, telegram_api  # noqa: F401  (fixture)


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (80, 40), (30, 60, 90)).save(out, format="PNG")
    return out.getvalue()


async def test_the_whole_text_follows_a_picture_it_does_not_fit_under(telegram_api: FakeTelegramApi) -> None:  # noqa: F811
    api, ada = telegram_api, telegram_api.user("Ada")
    api.private_message(ada, "/start")  # a chat with the bot, as after any command
    ranking = [f"{n}. system-{n:02}: 1500 (1400–1600), 40 comparisons 🏁" for n in range(1, 31)]
    text = "\n".join(["📊 Arena (#3): active, 40% done", *ranking])
    assert render.CAPTION_LIMIT < len(text.encode("utf-16-le")) // 2 < render.TEXT_LIMIT
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        last = await render.send(bot, ada.id, Reply(text, image=png()))
        short = await render.send(bot, ada.id, Reply("🏆 Top players\n1. Ada — 5", image=png()))
    photo, whole, card = api.bot_messages(ada)[-3:]
    assert photo.photo_file_id and photo.caption == "📊 Arena (#3): active, 40% done"
    assert whole.text == text and last.message_id == whole.message_id
    assert card.photo_file_id and card.caption == "🏆 Top players\n1. Ada — 5" and short.message_id == card.message_id
    assert api.errors == []
