"""A numeric campaign settles each item on the robust estimate of its answers, not the categorical model."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app import open_game
from core.clock import FixedClock
from core.content import load_default_packs
from core.db.tables import Assignment, Item
from core.game.catalogue import add_pack
from core.game.game import Game
from core.types import TaskKind
from tests.support import make_settings, user


@pytest.fixture
async def counting(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    pack = next(p for p in load_default_packs() if p.manifest.kind is TaskKind.NUMERIC)
    items = tuple(dataclasses.replace(i, gold=False) for i in pack.items[:3])
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[]) as game:
        # Counting is served from a community level; these players count from the first level.
        counting_pack = dataclasses.replace(pack, items=items)
        await game.deps.db.transaction(lambda s: add_pack(s, game.deps, counting_pack, level=0))
        game.deps.campaigns.invalidate()
        yield game


async def test_three_agreeing_counts_settle_the_item_despite_one_wild_answer(counting: Game, clock: FixedClock) -> None:
    shown = select(Item).join(Assignment, Assignment.item_id == Item.id)
    seen = set()
    for n in range(1, 5):
        prompt = (await counting.start(user(n))).prompt
        found = await counting.deps.db.transaction(
            lambda s, p=prompt: s.execute(shown.where(Assignment.id == p.task_id))
        )
        item = found.one()[0]
        seen.add(item.id)
        truth = item.known_answer
        wild = "1" if truth != "1" else "9"
        clock.advance(seconds=5)
        await counting.answer(user(n), prompt.task_id, wild if n == 2 else truth)
        if n == 3:
            # Two counts agree and one is wild: the estimate leaves the wild one out, but two answers are not
            # yet sure to half a unit. (The categorical model had already settled at 0.92, counting the wild
            # answer as one more vote for an unrelated class.)
            [(now,)] = (
                await counting.deps.db.transaction(lambda s, i=item.id: s.execute(select(Item).where(Item.id == i)))
            ).all()
            assert now.status == "open"
    assert len(seen) == 1  # the started item is served first
    [(item,)] = (await counting.deps.db.transaction(lambda s: s.execute(select(Item).where(Item.id == item.id)))).all()
    # Three of four say the same count: the robust estimate excludes the outlier and is sure to half a unit.
    # (The categorical model, at 3 against 1 from players it knows nothing about, was still at 0.8.)
    assert item.status == "resolved" and item.label == truth and item.confidence > 0.9
