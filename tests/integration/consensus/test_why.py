"""`/why <task>`: the receipt of a player's own settled answer, and every refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app import open_game
from bot.common import texts
from core.clock import FixedClock
from core.db.tables import Assignment, Campaign, Item
from core.errors import NotSettled, NotYourTask, UnknownTask
from core.game.game import Game
from core.game.receipts import HIDDEN
from core.types import ReceiptFacts
from tests.support import fund_pools, make_settings, text_pack, user


@pytest.fixture
async def crowd(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """One regular item (item 0 is gold, served only when nothing else is left): the players below all answer it."""
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0", points_per_resolved_item="10")
    async with open_game(settings, clock=clock, packs=[text_pack("why", items=2, gold_every=1000)]) as game:
        await fund_pools(game)
        yield game


async def answer(game: Game, clock: FixedClock, n: int, choice: str) -> int:
    prompt = (await game.start(user(n))).prompt
    assert prompt is not None
    clock.advance(seconds=5)
    await game.answer(user(n), prompt.task_id, choice)
    return prompt.task_id


async def test_the_receipt_explains_a_settled_answer(crowd: Game, clock: FixedClock) -> None:
    tasks = [await answer(crowd, clock, n, "bot") for n in range(1, 5)]
    facts = await crowd.why(user(1), tasks[0])
    assert facts.label == "Bot" and facts.answer == "Bot" and facts.agreed
    assert facts.confidence >= 0.9 and facts.earned > 0 and facts.reputation == 2.0
    assert facts.reward == 10 and facts.winners_weight > 0  # figures, worded by the adapters
    assert sum([(await crowd.why(user(n), t)).earned for n, t in enumerate(tasks, start=1)]) == 10
    shown = texts.why(facts)
    assert f"Task {tasks[0]}" in shown and "Bot" in shown and f"earned {facts.earned} points" in shown
    assert f"= {facts.earned}" in shown


async def test_refusals(crowd: Game, clock: FixedClock) -> None:
    first = await answer(crowd, clock, 1, "bot")
    with pytest.raises(NotSettled, match="isn't settled yet"):
        await crowd.why(user(1), first)
    await crowd.start(user(2))
    with pytest.raises(NotYourTask):
        await crowd.why(user(2), first)
    with pytest.raises(UnknownTask):
        await crowd.why(user(1), 10_000)
    open_task = (await crowd.next_task(user(1))).task_id
    with pytest.raises(NotSettled, match="haven't answered"):
        await crowd.why(user(1), open_task)


async def test_known_answer_checks_have_no_receipt(game: Game, clock: FixedClock) -> None:
    prompt = (await game.start(user(1))).prompt
    for _ in range(10):  # the default fixture serves gold half of the time
        clock.advance(seconds=5)
        outcome = await game.answer(user(1), prompt.task_id, "bot")
        if outcome.gold is not None:
            with pytest.raises(NotSettled, match="known answer"):
                await game.why(user(1), prompt.task_id)
            return
        prompt = outcome.next_prompt
    pytest.fail("no known-answer check was served")


def feedback_off(session: Session) -> None:
    session.execute(update(Campaign).values(gold_feedback=False))


async def test_without_gold_feedback_checks_and_real_tasks_get_the_same_answer(game: Game, clock: FixedClock) -> None:
    def tasks_by_gold(session: Session) -> dict[bool, list[int]]:
        rows = session.execute(select(Assignment.id, Item.gold).join(Item, Item.id == Assignment.item_id)).all()
        return {kind: [task for task, gold in rows if gold is kind] for kind in (True, False)}

    await game.deps.db.run(feedback_off)
    prompt = (await game.start(user(1))).prompt
    for _ in range(10):
        clock.advance(seconds=5)
        prompt = (await game.answer(user(1), prompt.task_id, "bot")).next_prompt
    answered = await game.deps.db.run(tasks_by_gold)
    checks, real = (
        [t for t in answered[True] if t != prompt.task_id],
        [t for t in answered[False] if t != prompt.task_id],
    )
    assert checks and real  # the default fixture serves gold half of the time
    refusals = set()
    for task in checks + real:
        with pytest.raises(NotSettled) as refused:
            await game.why(user(1), task)
        refusals.add(refused.value.user_message)
    assert refusals == {HIDDEN}


async def test_without_gold_feedback_a_settled_task_shows_no_receipt_either(crowd: Game, clock: FixedClock) -> None:
    await crowd.deps.db.run(feedback_off)
    tasks = [await answer(crowd, clock, n, "bot") for n in range(1, 5)]
    with pytest.raises(NotSettled) as refused:  # a receipt here, and none for a check, would point the check out
        await crowd.why(user(1), tasks[0])
    assert refused.value.user_message == HIDDEN


def test_a_newcomers_small_weight_is_said_in_words() -> None:
    facts = ReceiptFacts(7, "Bot", "Bot", 0.95, True, 0.004, 2.0, 0, 10, 1.2, 3, 5)
    shown = texts.why(facts)
    assert "0.00" not in shown and "grows as your checks prove you right (3 of 5 done)" in shown
