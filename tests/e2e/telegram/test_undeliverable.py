"""Telegram's limits in UTF-16 units, and a task Telegram refuses: skipped for good, its admins told."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import func, select, update

from bot.common import texts
from core import paths
from core.db.tables import Account, Campaign, Item
from core.text_units import utf16_len
from tests.e2e.telegram.conftest import World, open_world, right_answer
from tests.fakes.telegram_api import FakeTelegramApi


async def test_a_refused_task_is_withdrawn_reported_and_never_served_again(
    telegram_api: FakeTelegramApi, tmp_path: Path
) -> None:
    api = telegram_api
    ada, pia = api.user("Ada"), api.user("Pia")
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(api, url, tmp_path, admins_telegram=f'["{ada.id}"]') as world, world.bot():
        await world.say(ada, "/start", replies=2)
        await world.say(pia, "/start", replies=2)
        db = world.game.deps.db

        async def two_picture_items(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
            images = await session.scalar(select(Campaign.id).where(Campaign.name == "images"))
            ids = list(await session.scalars(select(Item.id).where(Item.campaign_id == images).order_by(Item.id)))
            wide, long = ids[0], ids[1]
            await session.execute(update(Item).where(Item.id.not_in((wide, long))).values(status="withdrawn"))
            # The wide one is served first: an answer is worth more on it (a split item beats a fresh one).
            await session.execute(update(Item).where(Item.id == wide).values(gold=False, answers=2, ask_value=1.0))
            await session.execute(update(Item).where(Item.id == long).values(gold=False, answers=1, text="🔥" * 500))
            await session.execute(update(Account).values(level=1))
            image = await session.scalar(select(Item.image).where(Item.id == wide))
            # Telegram refuses photos more than 20 times wider than high (PHOTO_INVALID_DIMENSIONS).
            Image.new("RGB", (1000, 20), (200, 90, 20)).save(paths.resolve(image), format="PNG")
            return wide, long

        wide, _ = await db.transaction(two_picture_items)
        world.game.deps.campaigns.invalidate()
        # The task card carries even the wide picture in valid dimensions, so Telegram's refusal is injected:
        # what is tested is how a refused task is handled.
        api.state.refusals["sendPhoto"] = "PHOTO_INVALID_DIMENSIONS"
        await world.say(pia, "/play")
        shown = world.last(pia)
        assert shown.photo and shown.buttons  # the long one, its caption fitted in UTF-16 units
        assert "🔥" in shown.caption and utf16_len(shown.caption) <= 1024
        buttons = shown.buttons
        await world.say(pia, "/play")
        again = world.last(pia)
        assert again is not shown and again.caption == shown.caption and again.buttons == buttons
        await world.api.wait_until(lambda: shown.reply_markup is None)  # the message it replaces is no task now
        status = await db.transaction(lambda s: s.scalar(select(Item.status).where(Item.id == wide)))
        assert status == "withdrawn"
        await api.wait_until(lambda: "could not be shown in chat" in (world.last(ada).text or ""))
        assert "PHOTO_INVALID_DIMENSIONS".lower() in world.last(ada).text.lower()
        assert texts.APOLOGY not in world.texts(pia)
        # Telegram refused the wide picture once, and never saw it again.
        assert [e.error.description for e in api.errors] == ["Bad Request: PHOTO_INVALID_DIMENSIONS"]


async def test_a_next_task_refused_on_a_press_is_withdrawn_and_another_sent(world: World) -> None:
    """The press's one edit into the next task is refused: that task is withdrawn, the old one keeps the
    verdict, and the task after it comes as a new message."""
    api, quinn = world.api, world.api.user("Quinn")
    await world.say(quinn, "/start", replies=2)
    task = world.last(quinn)
    api.state.refusals["editMessageText"] = "MESSAGE_TOO_LONG"
    api.press(quinn, task, right_answer(task))
    await api.wait_until(lambda: len(api.bot_messages(quinn)) == 3)
    await api.settle()
    withdrawn = await world.game.deps.db.transaction(
        lambda s: s.scalar(select(func.count()).select_from(Item).where(Item.status == "withdrawn"))
    )
    assert withdrawn == 1 and task.buttons == [] and "Your answer" in task.text
    assert world.last(quinn).buttons and texts.APOLOGY not in world.texts(quinn)
    assert [e.error.description for e in api.errors] == ["Bad Request: MESSAGE_TOO_LONG"]
