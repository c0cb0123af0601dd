"""How tasks look beyond the first levels: the card and a button grid for categories, whole comparisons."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.display_packs import (
    ANIMALS,
    CATEGORY_LEVEL,
    COMPARISON_LEVEL,
    category_pack,
    comparison_pack,
    long_answer,
    put_on_level,
)
from tests.e2e.telegram.conftest import NUMBER, open_world
from tests.fakes.telegram_api import FakeTelegramApi

TEXT_LIMIT = 4096


async def test_category_task_is_a_card_with_a_button_grid(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, packs=[category_pack(tmp_path / "animals")]) as world:
        async with world.bot():
            ann = telegram_api.user("Ann")
            await world.say(ann, "/start", replies=2)
            await put_on_level(world.game, "Ann", CATEGORY_LEVEL)
            await world.say(ann, "/play")
            task = world.last(ann)
            assert task.photo_file_id and task.caption.startswith("❓ Which animal")
            rows = task.reply_markup["inline_keyboard"]
            assert [len(row) for row in rows] == [4, 4, 2]  # a grid, not an eight-row wall; then "not sure", "broken"
            assert [b["text"] for b in task.buttons][:8] == [name.title() for name in ANIMALS]
            played = await world.answer(ann, task, "Cat")
            assert played.calls == ["answerCallbackQuery", "editMessageMedia"]
            assert world.last(ann) is task and [len(row) for row in task.reply_markup["inline_keyboard"]] == [4, 4, 2]
        assert telegram_api.errors == []


async def test_long_comparison_is_shown_whole(telegram_api: FakeTelegramApi, tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, packs=[comparison_pack()]) as world, world.bot():
        bea = telegram_api.user("Bea")
        await world.say(bea, "/start", replies=2)
        await put_on_level(world.game, "Bea", COMPARISON_LEVEL)
        before = len(telegram_api.bot_messages(bea))
        await world.say(bea, "/play", replies=4)  # the prompt, answer A, answer B, then the question
        shown = telegram_api.bot_messages(bea)[before:]
        question = shown[-1]
        number = int(NUMBER.search(shown[0].text)[1])  # "Prompt number N"
        everything = "\n".join(m.text for m in shown)
        assert long_answer("A", number) in everything and long_answer("B", number) in everything
        assert all(len(m.text) <= TEXT_LIMIT for m in shown) and [b["text"] for b in question.buttons][:2] == ["A", "B"]
        assert all(not m.buttons for m in shown[:-1])
        played = await world.answer(bea, question, "A")
        assert played.calls[:2] == ["answerCallbackQuery", "editMessageText"] and question.buttons == []
        assert question.text.endswith(played.record.text)  # the old question keeps the verdict
        following = telegram_api.bot_messages(bea)[before + 4 :]
        number = int(NUMBER.search(following[0].text)[1])
        assert long_answer("B", number) in "\n".join(m.text for m in following) and following[-1].buttons
        assert telegram_api.errors == []
