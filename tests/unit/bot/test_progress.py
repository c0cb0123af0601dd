"""The chat progress message: the bar's text, and a follower that edits rarely, only on change, and at the end."""

from __future__ import annotations

import asyncio

import pytest

from bot.common import texts
from bot.common.progress import ChatProgress


class Message:
    """A fake `edit`: records each text it was given; `failing` makes every edit raise, as a deleted message."""

    def __init__(self, *, failing: bool = False) -> None:
        self.texts: list[str] = []
        self.failing = failing

    async def edit(self, text: str) -> None:
        self.texts.append(text)
        if self.failing:
            raise RuntimeError("message to edit not found")


def test_the_line_shows_a_bar_and_a_percent_rounded_down() -> None:
    assert texts.work_progress("importing", 0, 6) == "⏳ importing ▱▱▱▱▱▱▱▱▱▱ 0% (0/6)"
    assert texts.work_progress("importing", 3, 6) == "⏳ importing ▰▰▰▰▰▱▱▱▱▱ 50% (3/6)"
    assert texts.work_progress("exporting", 1999, 2000) == "⏳ exporting ▰▰▰▰▰▰▰▰▰▱ 99% (1,999/2,000)"
    assert texts.work_progress("exporting", 2000, 2000) == "✅ exporting ▰▰▰▰▰▰▰▰▰▰ 100% (2,000/2,000)"
    assert texts.work_progress("exporting", 0, 0) == "✅ exporting ▰▰▰▰▰▰▰▰▰▰ 100% (0/0)"  # nothing to do is done


async def test_reports_between_edits_are_folded_into_one_final_edit() -> None:
    message, progress = Message(), ChatProgress(texts.IMPORTING)
    assert progress.text() == "⏳ importing…"
    async with progress.following(message.edit, interval=60):
        for done in range(1, 101):
            progress(done, 100)
            await asyncio.sleep(0)  # the follower gets turns but the interval hasn't passed
        assert message.texts == []
    assert message.texts == [texts.work_progress(texts.IMPORTING, 100, 100)]


async def test_an_edit_per_interval_only_when_the_text_changed() -> None:
    message, progress = Message(), ChatProgress(texts.EXPORTING)
    async with progress.following(message.edit, interval=0.01):
        progress(5, 10)
        await asyncio.sleep(0.2)  # many intervals, one change
        assert message.texts == [texts.work_progress(texts.EXPORTING, 5, 10)]
        progress(10, 10)
        await asyncio.sleep(0.2)
    assert message.texts == [texts.work_progress(texts.EXPORTING, n, 10) for n in (5, 10)]  # no final repeat


async def test_success_fills_the_bar_even_when_nothing_was_reported() -> None:
    message, progress = Message(), ChatProgress(texts.EXPORTING)
    async with progress.following(message.edit, interval=60):
        pass
    assert message.texts == ["✅ exporting ▰▰▰▰▰▰▰▰▰▰ 100% (0/0)"]


async def test_a_failure_says_stopped_and_is_raised() -> None:
    message, progress = Message(), ChatProgress(texts.IMPORTING)
    with pytest.raises(ValueError, match="bad pack"):
        async with progress.following(message.edit, interval=60):
            progress(2, 6)
            raise ValueError("bad pack")
    assert message.texts == ["✖ importing stopped."]


async def test_platform_errors_while_editing_are_ignored() -> None:
    message, progress = Message(failing=True), ChatProgress(texts.IMPORTING)
    async with progress.following(message.edit, interval=0.01):
        progress(1, 2)
        await asyncio.sleep(0.1)
    assert message.texts == [texts.work_progress(texts.IMPORTING, n, 2) for n in (1, 2)]
