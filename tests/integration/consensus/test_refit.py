"""The scheduled refit on both databases: worker models, posteriors, label changes, suspensions, races."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from app import open_game
from bot.common import texts
from core.clock import FixedClock
from core.consensus import UNFINISHED_VALUE, ask_value
from core.db.consensus_tables import CampaignWorker, LabelChange
from core.db.tables import Campaign, Item
from core.db.tables import Notice as NoticeRow
from core.errors import NoTasks
from core.game import refit, refit_read
from core.game.game import Game
from core.game.refit_model import compute
from core.types import Notice, NoticeKind
from tests.support import make_settings, text_pack, user


async def rows(game: Game, statement):
    return (await game.deps.db.transaction(lambda s: s.execute(statement))).all()


async def play(game: Game, clock: FixedClock, n: int, choose) -> list[tuple[str, int]]:
    """Player `n` answers every task served, `choose(text)` picks the answer; returns (text, task id) pairs."""
    prompt = (await game.start(user(n))).prompt
    played = []
    while prompt is not None:
        clock.advance(seconds=5)
        played.append((prompt.text, prompt.task_id))
        prompt = (await game.answer(user(n), prompt.task_id, choose(prompt.text))).next_prompt
    return played


@pytest.fixture
async def open_items(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """One gold item (served last) and three others that stay open until 6 answers: posteriors to replace."""
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0", tasks_default_min_overlap="6")
    async with open_game(settings, clock=clock, packs=[text_pack("open", items=4, gold_every=1000)]) as game:
        yield game


async def test_refit_writes_worker_models_and_open_posteriors(open_items: Game, clock: FixedClock) -> None:
    for n in range(1, 4):
        # Everyone gets the known item ("open text number 0", human) right; two of three say bot on the others.
        await play(open_items, clock, n, lambda text, n=n: "human" if text.endswith(" 0") or n == 3 else "bot")
    [report] = await refit.refit(open_items.deps)
    assert report.workers == 3 and report.answers == 12 and report.posteriors == 3 and report.stale == 0
    workers = [w for (w,) in await rows(open_items, select(CampaignWorker))]
    assert len(workers) == 3
    for worker in workers:
        assert np.allclose(np.sum(worker.confusion, axis=1), 1.0, atol=1e-4)
        assert 0.0 <= worker.weight <= 1.0 and not worker.suspended
    items = [i for (i,) in await rows(open_items, select(Item).where(Item.gold.is_(False)))]
    assert all(i.status == "open" and i.answers == 3 and len(i.log_posterior) == 2 for i in items)
    bot = [np.argmax(i.log_posterior) for i in items]
    assert bot == [1, 1, 1]  # two of three said bot, and the fit agrees


async def test_the_refit_rewrites_what_an_answer_is_worth_with_the_posterior(
    open_items: Game, clock: FixedClock
) -> None:
    for n in range(1, 4):
        await play(open_items, clock, n, lambda text, n=n: "human" if text.endswith(" 0") or n == 3 else "bot")
    await open_items.deps.db.transaction(lambda s: s.execute(update(Item).values(ask_value=0.99)))
    await refit.refit(open_items.deps)
    items = [i for (i,) in await rows(open_items, select(Item).where(Item.gold.is_(False)))]
    # Serving's stored value follows the refit's posterior, and the campaign's minimum of 6 answers (3 given).
    assert [i.ask_value for i in items] == [ask_value(i.log_posterior, i.answers, 6) for i in items]
    assert all(0.0 < i.ask_value < 0.99 for i in items)
    assert all(i.ask_value < UNFINISHED_VALUE for i in await refitted_with_minimum(open_items, 3))


async def refitted_with_minimum(game: Game, minimum: int) -> list[Item]:
    """The same fit once the campaign asks for fewer answers: the items are past their minimum."""
    await game.deps.db.transaction(lambda s: s.execute(update(Campaign).values(min_overlap=minimum)))
    game.deps.campaigns.invalidate()
    await refit.refit(game.deps)
    return [i for (i,) in await rows(game, select(Item).where(Item.gold.is_(False)))]


async def test_a_refit_during_answers_skips_items_answered_meanwhile(open_items: Game, clock: FixedClock) -> None:
    for n in range(1, 4):
        await play(open_items, clock, n, lambda _text: "bot")
    deps = open_items.deps
    [campaign] = (await deps.db.run(lambda s: dict(deps.campaigns.active(s)))).values()
    snap = await deps.db.run(lambda s: refit_read.read(s, campaign, deps.clock.now()))
    # An answer arrives between the snapshot and the write: the item it lands on must keep its online sum.
    prompt = (await open_items.start(user(9))).prompt
    clock.advance(seconds=5)
    await open_items.answer(user(9), prompt.task_id, "human")
    [(before,)] = await rows(open_items, select(Item).where(Item.text == prompt.text))
    result = compute(snap, *refit.model_settings(deps.settings.consensus, campaign))
    report = await deps.db.run(lambda s: refit.write(s, deps, campaign, snap, result))
    assert report.posteriors == 2 and report.stale == 1
    [(after,)] = await rows(open_items, select(Item).where(Item.text == prompt.text))
    assert after.answers == 4 and after.log_posterior == before.log_posterior
    # The next refit sees the newer answer and replaces the posterior from all four.
    [report] = await refit.refit(deps)
    assert report.posteriors == 3 and report.stale == 0
    items = [i for (i,) in await rows(open_items, select(Item).where(Item.gold.is_(False)))]
    assert sorted(i.answers for i in items) == [3, 3, 4]
    assert all(i.log_posterior[1] > i.log_posterior[0] for i in items)


async def test_interleaved_refits_and_answers_keep_counts_consistent(open_items: Game, clock: FixedClock) -> None:
    prompts = {n: (await open_items.start(user(n))).prompt for n in range(1, 6)}
    answered = 0
    for step in range(20):
        n = step % 5 + 1
        if prompts[n] is None:
            continue
        clock.advance(seconds=5)
        prompts[n] = (await open_items.answer(user(n), prompts[n].task_id, "bot")).next_prompt
        answered += 1
        if step % 3 == 0:
            await open_items.refit()
    await open_items.refit()
    items = [i for (i,) in await rows(open_items, select(Item))]
    assert sum(i.answers for i in items) == answered
    [report] = await refit.refit(open_items.deps)
    assert report.stale == 0 and report.answers == answered


@pytest.fixture
async def flippers(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """Gold alternates human/bot (even items); the 6 other items are bot. Served non-gold first."""
    known = {i: ("human" if (i // 2) % 2 else "bot") if i % 2 == 0 else "bot" for i in range(13)}
    pack = text_pack("flip", items=13, gold_every=2, answers=known)
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="0", points_per_resolved_item="10")
    async with open_game(settings, clock=clock, packs=[pack]) as game:
        game.truth = {f"flip text number {i}": known[i] for i in range(13)}  # type: ignore[attr-defined]
        yield game


def opposite(label: str) -> str:
    return "human" if label == "bot" else "bot"


async def test_a_refit_that_disagrees_records_label_changes_once(flippers: Game, clock: FixedClock) -> None:
    truth = flippers.truth  # type: ignore[attr-defined]
    gold = {f"flip text number {i}" for i in range(0, 13, 2)}
    for n in range(1, 5):  # say "bot" on every item and the opposite of every known answer
        await play(flippers, clock, n, lambda text: opposite(truth[text]) if text in gold else "bot")
    settled = [i for (i,) in await rows(flippers, select(Item).where(Item.status == "resolved"))]
    assert len(settled) == 6 and all(i.label == "bot" for i in settled)
    await flippers.refit()
    await flippers.refit()  # a second refit that agrees with the first records nothing new
    changes = [c for (c,) in await rows(flippers, select(LabelChange))]
    assert len(changes) == 6
    assert {(c.old_label, c.new_label) for c in changes} == {("bot", "human")}
    resolved = [i for (i,) in await rows(flippers, select(Item).where(Item.status == "resolved"))]
    assert all(i.label == "bot" for i in resolved)  # settlement stays final
    workers = [w for (w,) in await rows(flippers, select(CampaignWorker))]
    assert all(w.suspended and w.weight == 0.0 and "checks failed" in w.reason for w in workers)


@pytest.fixture
async def gold_first(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="1", consensus_spam_min_gold="3")
    async with open_game(settings, clock=clock, packs=[text_pack("checks", items=20, gold_every=2)]) as game:
        yield game


async def test_a_suspended_player_is_no_longer_served_the_campaign(gold_first: Game, clock: FixedClock) -> None:
    bad, good = user(1), user(2)
    prompt = (await gold_first.start(bad)).prompt
    for _ in range(6):  # six known-answer checks, all failed: four would not yet be evidence enough
        clock.advance(seconds=5)
        known = "human" if int(prompt.text.rsplit(" ", 1)[1]) % 2 == 0 else "bot"
        prompt = (await gold_first.answer(bad, prompt.task_id, opposite(known))).next_prompt
    assert prompt is not None  # still served before the refit
    await gold_first.refit()
    [(worker,)] = await rows(gold_first, select(CampaignWorker))
    assert worker.suspended and "6 known-answer checks failed" in worker.reason
    # Told why, once, in plain words, with the way to appeal.
    [(notice,)] = await rows(gold_first, select(NoticeRow).where(NoticeRow.kind == "suspended"))
    text = texts.notice(Notice(notice.id, notice.account_id, NoticeKind.SUSPENDED, notice.facts, ()))
    assert "6 known-answer checks failed" in text and f"/appeal {worker.campaign_id}" in text
    await gold_first.refit()
    assert len(await rows(gold_first, select(NoticeRow).where(NoticeRow.kind == "suspended"))) == 1
    with pytest.raises(NoTasks):
        await gold_first.next_task(bad)
    assert (await gold_first.start(good)).prompt is not None


@pytest.fixture
async def hard_gold(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    """Twelve gold items and twelve others, which stay open until six answers; both kinds half human."""
    settings = make_settings(tmp_path, database_url, tasks_default_min_overlap="6", consensus_calibration_min_gold="6")
    pack = text_pack("hard", items=24, gold_every=2, answers={i: hard_truth(i) for i in range(24)})
    async with open_game(settings, clock=clock, packs=[pack]) as game:
        yield game


def hard_truth(i: int) -> str:
    return "human" if (i // 2) % 2 else "bot"


def unanimous_but_wrong_on_half_the_gold(text: str) -> str:
    """What every player answers: the known answer, except on the gold items that fool everyone (half of
    them, as many human as bot)."""
    i = int(text.rsplit(" ", 1)[1])
    wrong = i % 2 == 0 and (i // 4) % 2 == 0
    return opposite(hard_truth(i)) if wrong else hard_truth(i)


async def test_the_refit_calibrates_confidence_on_gold_and_answers_settle_with_it(
    hard_gold: Game, clock: FixedClock
) -> None:
    for n in range(1, 5):
        await play(hard_gold, clock, n, unanimous_but_wrong_on_half_the_gold)
    [report] = await refit.refit(hard_gold.deps)
    assert report.suspended == 0
    [(campaign,)] = await rows(hard_gold, select(Campaign))
    assert campaign.calibration_slope is not None and campaign.calibration_slope < 0.5
    deps = hard_gold.deps
    [active] = (await deps.db.run(lambda s: dict(deps.campaigns.active(s)))).values()
    assert active.calibration is not None and active.calibration.slope == campaign.calibration_slope
    for n in (5, 6):
        await play(hard_gold, clock, n, unanimous_but_wrong_on_half_the_gold)
    items = [i for (i,) in await rows(hard_gold, select(Item).where(Item.gold.is_(False)))]
    # Six unanimous answers: more from this crowd would not change the label, so the items settle, but unanimous
    # gold was right only half of the time, and that is the confidence they carry, not the posterior's.
    assert all(i.answers == 6 and i.status == "resolved" for i in items)
    assert all(i.confidence is not None and i.confidence < 0.75 for i in items)
