"""Online consensus and settlement through the answer use case, on both databases."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import open_game
from core.clock import FixedClock
from core.db.consensus_tables import Receipt, Reputation
from core.db.tables import Item, LedgerEntry
from core.game.game import Game
from tests.support import fund_pools, make_settings, text_pack, user


@pytest.fixture
async def crowd_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """One regular item (item 0 is gold, served only when nothing else is left): every player is served it until it
    settles. With more items, serving by value sends an answer to a fresh item once this one is nearly decided."""
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0", points_per_resolved_item="10")
    async with open_game(settings, clock=clock, packs=[text_pack("crowd", items=2, gold_every=1000)]) as game:
        await fund_pools(game)
        yield game


async def answer_as(game: Game, clock: FixedClock, n: int, choice: str) -> tuple[str, int]:
    prompt = (await game.start(user(n))).prompt
    assert prompt
    clock.advance(seconds=5)
    outcome = await game.answer(user(n), prompt.task_id, choice)
    return prompt.text, outcome.points


async def rows(game: Game, statement):
    return await game.deps.db.transaction(lambda s: s.execute(statement))


async def test_agreeing_answers_settle_and_share_the_reward_exactly(crowd_game: Game, clock: FixedClock) -> None:
    texts, points = zip(*[await answer_as(crowd_game, clock, n, "bot") for n in range(1, 5)], strict=True)
    assert len(set(texts)) == 1  # the one regular item was served to everyone
    item = (await rows(crowd_game, select(Item).where(Item.text == texts[0]))).scalar_one()
    assert item.status == "resolved" and item.label == "bot" and item.confidence >= 0.9
    paid = await rows(crowd_game, select(func.sum(LedgerEntry.amount)).where(LedgerEntry.reason == "settlement"))
    assert paid.scalar_one() == 10  # the pool, exactly, in whole points
    assert points[-1] > 0  # the answer that settled the item shows its share at once
    receipts = (await rows(crowd_game, select(Receipt))).scalars().all()
    assert len(receipts) == 4 and all(r.agreed and r.label == "bot" for r in receipts)
    assert sum(r.earned for r in receipts) == 10
    reputations = (await rows(crowd_game, select(Reputation.score))).scalars().all()
    assert sorted(reputations) == [2.0] * 4


async def test_dissenters_earn_nothing_and_keep_their_reputation(crowd_game: Game, clock: FixedClock) -> None:
    choices = ["bot", "human", "bot", "bot", "bot", "bot"]
    for n, choice in enumerate(choices, start=1):
        await answer_as(crowd_game, clock, n, choice)
    receipts = {r.account_id: r for r in (await rows(crowd_game, select(Receipt))).scalars().all()}
    assert receipts, "the item should have settled"
    dissenter = next(r for r in receipts.values() if not r.agreed)
    assert dissenter.earned == 0 and dissenter.reward == 10  # the item paid the others
    score = await rows(crowd_game, select(Reputation.score).where(Reputation.account_id == dissenter.account_id))
    assert score.scalar_one() == 1.0
    assert sum(r.earned for r in receipts.values()) == 10


async def test_items_split_at_the_maximum_are_ambiguous_not_forced(crowd_game: Game, clock: FixedClock) -> None:
    for n in range(1, 8):  # the default maximum overlap is 7
        await answer_as(crowd_game, clock, n, "bot" if n % 2 else "human")
    ambiguous = (await rows(crowd_game, select(Item).where(Item.status == "ambiguous"))).scalars().all()
    assert len(ambiguous) == 1 and ambiguous[0].label is None
    paid = await rows(
        crowd_game, select(func.count()).select_from(LedgerEntry).where(LedgerEntry.reason == "settlement")
    )
    assert paid.scalar_one() == 0


async def test_a_clear_leader_at_the_maximum_settles_at_its_lower_confidence(
    crowd_game: Game, clock: FixedClock
) -> None:
    # Unseen players count two to one (right two times in three): 5 to 2 ends at 8:1, short of the 0.9 target.
    for n, choice in enumerate(["bot", "human", "bot", "human", "bot", "bot", "bot"], start=1):
        await answer_as(crowd_game, clock, n, choice)
    item = (await rows(crowd_game, select(Item).where(Item.gold.is_(False)))).scalar_one()
    assert item.status == "resolved" and item.label == "bot" and item.answers == 7
    assert math.isclose(item.confidence, 8 / 9, rel_tol=1e-4)  # reported as it is, below the target
    paid = await rows(crowd_game, select(func.sum(LedgerEntry.amount)).where(LedgerEntry.reason == "settlement"))
    assert paid.scalar_one() == 10  # those who agreed are paid, as for any settled item


async def test_a_campaign_without_a_reward_still_settles(database_url: str, tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0", points_per_resolved_item="0")
    async with open_game(settings, clock=clock, packs=[text_pack("free", items=2, gold_every=1000)]) as game:
        for n in range(1, 5):
            await answer_as(game, clock, n, "human")
        receipts = (await rows(game, select(Receipt))).scalars().all()
        assert receipts and all(r.agreed and r.earned == 0 for r in receipts)


async def test_a_task_settled_by_others_still_takes_the_answer(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[text_pack("one", items=2, gold_every=1000)]) as game:
        late = (await game.start(user(9))).prompt
        assert late
        for n in range(1, 5):
            await answer_as(game, clock, n, "bot")
        assert (await rows(game, select(Item.status).where(Item.id == 2))).scalar_one() == "resolved"
        outcome = await game.answer(user(9), late.task_id, "human")
        assert outcome.counted and not outcome.repeated and outcome.points == 0


async def test_the_online_prior_comes_from_the_consensus_settings(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    """[consensus] prior_correct/prior_wrong smooth a new player's vote: 9 and 1 trust them nine times in ten."""
    overrides = {"tasks_gold_rate": "0", "consensus_prior_correct": "9", "consensus_prior_wrong": "1"}
    settings = make_settings(tmp_path, database_url, **overrides)
    async with open_game(settings, clock=clock, packs=[text_pack("crowd", items=6, gold_every=1000)]) as game:
        text, _ = await answer_as(game, clock, 1, "bot")
        item = (await rows(game, select(Item).where(Item.text == text))).scalar_one()
    human, bot = item.log_posterior
    assert bot - human == pytest.approx(math.log(9), abs=1e-4)
