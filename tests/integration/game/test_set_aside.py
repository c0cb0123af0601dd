"""Setting a task aside: "not sure" and "broken item" are not answers, and the item is not served again."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.clock import FixedClock
from core.db.campaign_tables import TaskFlag
from core.db.tables import Assignment
from core.errors import NotYourTask
from core.game.game import Game
from core.types import REPORT, SKIP
from tests.support import user


async def test_a_skip_is_not_an_answer_and_the_item_does_not_come_back(game: Game, clock: FixedClock) -> None:
    player = user(1)
    first = (await game.start(player)).prompt
    assert first is not None
    clock.advance(seconds=5)
    skipped = await game.answer(player, first.task_id, SKIP)
    assert skipped.set_aside == SKIP and not skipped.counted and skipped.points == 0
    assert skipped.next_prompt is not None and skipped.next_prompt.text != first.text
    again = await game.answer(player, first.task_id, SKIP)
    assert again.repeated and again.next_prompt is None
    # /play serves the open task, not the one set aside, and never that item again.
    seen = {first.text}
    prompt = await game.next_task(player)
    assert prompt.task_id == skipped.next_prompt.task_id
    for _ in range(45):
        assert prompt.text != first.text
        seen.add(prompt.text)
        clock.advance(seconds=3)
        outcome = await game.answer(player, prompt.task_id, "human")
        if outcome.next_prompt is None:
            break
        prompt = outcome.next_prompt
    profile = await game.profile(player)
    assert profile.answers == len(seen) - 1  # every item once, the skipped one not counted as an answer


async def test_a_report_is_recorded_once_and_only_by_the_tasks_owner(game: Game, clock: FixedClock) -> None:
    owner, other = user(1), user(2)
    prompt = (await game.start(owner)).prompt
    await game.start(other)
    assert prompt is not None
    with pytest.raises(NotYourTask):
        await game.answer(other, prompt.task_id, REPORT)
    reported = await game.answer(owner, prompt.task_id, REPORT)
    assert reported.set_aside == REPORT
    flags = await game.deps.db.transaction(lambda s: s.scalar(select(func.count()).select_from(TaskFlag)))
    answered = await game.deps.db.transaction(
        lambda s: s.scalar(select(func.count()).where(Assignment.answered_at.is_not(None)))
    )
    assert flags == 1 and answered == 0
