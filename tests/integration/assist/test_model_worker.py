"""A campaign with `model_assist` on both databases: the model trains in the scheduled job, answers as a worker
the refit judges, and never appears as a player (no account, no assignment, no pay, no receipt)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from app import open_game
from core.clock import FixedClock
from core.db.assist_tables import CampaignModel, ModelPrediction
from core.db.consensus_tables import CampaignWorker, Receipt
from core.db.tables import Account, Assignment, Campaign, LedgerEntry
from core.game import refit
from core.game.game import Game
from tests.support import make_settings, text_pack, user


def right(text: str) -> str:
    return "human" if int(text.split()[-1]) % 2 == 0 else "bot"


async def count(game: Game, statement) -> int:  # type: ignore[no-untyped-def]
    return int((await game.deps.db.transaction(lambda s: s.execute(statement))).scalar_one())


async def play(game: Game, clock: FixedClock, n: int) -> None:
    prompt = (await game.start(user(n))).prompt
    while prompt is not None:
        clock.advance(seconds=5)
        prompt = (await game.answer(user(n), prompt.task_id, right(prompt.text))).next_prompt


@pytest.fixture
async def assisted(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(
        tmp_path,
        database_url,
        tasks_gold_rate="0",
        tasks_default_min_overlap="3",
        consensus_assist_min_probability="0.5",  # every prediction of a yes/no model is an answer
    )
    async with open_game(settings, clock=clock, packs=[text_pack("assist", items=80, gold_every=3)]) as game:
        await game.deps.db.transaction(lambda s: s.execute(update(Campaign).values(model_assist=True)))
        game.deps.campaigns.invalidate()
        yield game


async def test_the_model_answers_as_a_worker_and_never_as_a_player(assisted: Game, clock: FixedClock) -> None:
    for n in (1, 2):
        await play(assisted, clock, n)  # two answers per item: below the minimum, everything stays open
    assert await count(assisted, select(func.count()).select_from(CampaignModel)) == 0  # presses never train
    accounts, assignments = (
        await count(assisted, select(func.count()).select_from(Account)),
        await count(assisted, select(func.count()).select_from(Assignment)),
    )
    [report] = await _assist(assisted)
    assert report.version == 1 and report.retrained and report.predictions == 53  # the open non-gold items
    assert await count(assisted, select(func.count()).select_from(ModelPrediction)) == 53
    # The model is no account and gave no assignment.
    assert await count(assisted, select(func.count()).select_from(Account)) == accounts
    assert await count(assisted, select(func.count()).select_from(Assignment)) == assignments
    # A second run with nothing new settled: no new version, no second prediction of an item by the same one.
    [again] = await _assist(assisted)
    assert again.version == 1 and not again.retrained and again.predictions == 0
    await refit.refit(assisted.deps)
    confusion = (await assisted.deps.db.transaction(lambda s: s.execute(select(CampaignModel.confusion)))).scalar()
    assert confusion is not None and len(confusion) == 2  # the refit learned the model's matrix...
    workers = (await assisted.deps.db.transaction(lambda s: s.execute(select(CampaignWorker.account_id)))).scalars()
    assert all(account > 0 for account in workers)  # ...and kept it beside its weights, not among the players'
    await play(assisted, clock, 3)
    receipts = (await assisted.deps.db.transaction(lambda s: s.execute(select(Receipt.account_id)))).scalars().all()
    paid = (await assisted.deps.db.transaction(lambda s: s.execute(select(LedgerEntry.account_id)))).scalars().all()
    players = set((await assisted.deps.db.transaction(lambda s: s.execute(select(Account.id)))).scalars().all())
    assert receipts and set(receipts) <= players and set(paid) <= players


async def _assist(game: Game):  # type: ignore[no-untyped-def]
    from core.assist.job import assist

    return await assist(game.deps)
