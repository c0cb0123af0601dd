"""Serving and answering tasks, against a real SQLite file and a real PostgreSQL database."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

from app import open_game
from core.clock import FixedClock
from core.consensus import FRESH_VALUE
from core.db.tables import Item
from core.errors import InvalidChoice, NotRegistered, NotYourTask, TaskClosed, UnknownTask
from core.game.game import Game
from core.types import Prompt
from tests.support import make_settings, text_pack, user


def known_answer(game: Game, prompt: Prompt) -> str:
    """Tests know the truth the way the pack does: item i is human when i is even."""
    number = int(prompt.text.rsplit(" ", 1)[1])
    return "human" if number % 2 == 0 else "bot"


async def test_start_serves_the_first_task_and_rejoining_serves_the_same(game: Game) -> None:
    welcome = await game.start(user(1))
    assert welcome.new and welcome.prompt is not None
    assert welcome.progress.level == 0 and welcome.progress.next_title == "Image checker"
    again = await game.start(user(1))
    assert not again.new and again.prompt is not None
    assert again.prompt.task_id == welcome.prompt.task_id
    assert (await game.next_task(user(1))).task_id == welcome.prompt.task_id


async def test_unregistered_players_are_told_to_start(game: Game) -> None:
    with pytest.raises(NotRegistered):
        await game.next_task(user(9))


async def test_answers_never_repeat_an_item(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    seen = set()
    while prompt is not None:
        assert prompt.text not in seen
        seen.add(prompt.text)
        clock.advance(seconds=3)
        prompt = (await game.answer(user(1), prompt.task_id, known_answer(game, prompt))).next_prompt
        if len(seen) > 100:
            break
    assert 20 <= len(seen) <= 80


async def test_a_second_press_changes_nothing(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    assert prompt
    clock.advance(seconds=3)
    first = await game.answer(user(1), prompt.task_id, "bot")
    second = await game.answer(user(1), prompt.task_id, "human")
    assert first.counted and not first.repeated and first.points >= 1
    assert second.repeated and second.points == 0 and second.choice.key == "bot"
    assert second.next_prompt is None
    assert (await game.profile(user(1))).points == first.points


async def test_too_fast_answers_are_recorded_but_not_counted(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    assert prompt
    clock.advance(seconds=0.2)
    outcome = await game.answer(user(1), prompt.task_id, "bot")
    assert not outcome.counted and outcome.points == 0
    assert (await game.answer(user(1), prompt.task_id, "bot")).repeated
    profile = await game.profile(user(1))
    assert profile.answers == 1 and profile.points == 0 and profile.gold_answered == 0


async def test_bad_answers_are_refused_and_write_nothing(game: Game, clock: FixedClock) -> None:
    mine = (await game.start(user(1))).prompt
    theirs = (await game.start(user(2))).prompt
    assert mine and theirs
    clock.advance(seconds=3)
    with pytest.raises(UnknownTask):
        await game.answer(user(1), 987654, "bot")
    with pytest.raises(NotYourTask):
        await game.answer(user(1), theirs.task_id, "bot")
    with pytest.raises(InvalidChoice):
        await game.answer(user(1), mine.task_id, "maybe")
    profile = await game.profile(user(1))
    assert profile.answers == 0 and profile.points == 0
    assert (await game.next_task(user(1))).task_id == mine.task_id


async def test_a_closed_campaign_refuses_answers(game: Game, clock: FixedClock) -> None:
    from sqlalchemy import update

    from core.db.tables import Campaign

    prompt = (await game.start(user(1))).prompt
    assert prompt

    async def close(session):
        await session.execute(update(Campaign).values(status="closed"))

    await game.deps.db.transaction(close)
    clock.advance(seconds=3)
    with pytest.raises(TaskClosed):
        await game.answer(user(1), prompt.task_id, "bot")


async def test_concurrent_presses_count_once(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    assert prompt
    clock.advance(seconds=3)
    outcomes = await asyncio.gather(*(game.answer(user(1), prompt.task_id, "bot") for _ in range(4)))
    assert sum(not o.repeated for o in outcomes) == 1
    profile = await game.profile(user(1))
    assert profile.answers == 1 and profile.points == 1


async def test_newcomers_answer_gold_first(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    first_gold = game.deps.settings.tasks.first_gold
    assert first_gold > 0
    for _ in range(first_gold):  # even items are gold in this pack
        assert prompt and int(prompt.text.rsplit(" ", 1)[1]) % 2 == 0
        clock.advance(seconds=3)
        prompt = (await game.answer(user(1), prompt.task_id, known_answer(game, prompt))).next_prompt


async def test_a_started_item_is_finished_to_the_minimum_before_a_new_one_is_begun(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    # Newcomers' gold-first start is off here: every new player below must be served a regular item at once.
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0.5", tasks_first_gold="0")
    async with open_game(settings, clock=clock, packs=[text_pack("spot-the-bot")]) as game:
        game.deps.rng.seed(7)
        await _started_first(game, clock)


async def _started_first(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    while prompt and int(prompt.text.rsplit(" ", 1)[1]) % 2 == 0:  # even items are gold in this pack
        clock.advance(seconds=3)
        prompt = (await game.answer(user(1), prompt.task_id, known_answer(game, prompt))).next_prompt
    assert prompt
    clock.advance(seconds=3)
    await game.answer(user(1), prompt.task_id, "bot")
    regular = []
    for n in range(2, 12):
        served = (await game.start(user(n))).prompt
        assert served
        if int(served.text.rsplit(" ", 1)[1]) % 2 == 1:
            regular.append(served.text)
    assert regular and set(regular) == {prompt.text}


async def _answer_next(game: Game, clock: FixedClock, n: int, choice: str) -> str:
    prompt = (await game.start(user(n))).prompt
    assert prompt
    clock.advance(seconds=3)
    await game.answer(user(n), prompt.task_id, choice)
    return prompt.text


async def test_answers_go_where_they_are_worth_most(database_url: str, tmp_path: Path, clock: FixedClock) -> None:
    """A nearly decided item waits behind a fresh one; a split item is asked again before either."""
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[text_pack("crowd", items=6, gold_every=1000)]) as game:
        game.deps.rng.seed(3)
        agreed = {await _answer_next(game, clock, n, "bot") for n in (1, 2, 3)}
        assert len(agreed) == 1  # finished to the minimum of 3: odds of 8 to 1, short of the 0.9 target
        item = await game.deps.db.run(lambda s: s.execute(select(Item).where(Item.text.in_(agreed))).scalar_one())
        assert item.status == "open" and item.ask_value < FRESH_VALUE
        split = await _answer_next(game, clock, 4, "bot")
        assert split not in agreed  # a fresh item, not the most answered one
        assert await _answer_next(game, clock, 5, "human") == split
        for n in (6, 7):  # 1:1 odds after two answers: the split item is worth more than a fresh or a decided one
            assert (await game.start(user(n))).prompt.text == split  # type: ignore[union-attr]
