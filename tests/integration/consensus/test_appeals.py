"""A suspended player appeals; a moderator or admin reads their gold record and reinstates them or not."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from app import open_game
from bot.common import campaign_args, campaigns, texts
from core.clock import FixedClock
from core.db.consensus_tables import CampaignWorker
from core.db.tables import Notice as NoticeRow
from core.errors import NoAppeal, NotAllowed, NoTasks, NotSuspended
from core.game.game import Game
from core.types import Notice, NoticeKind, UserRef
from tests.support import make_settings, text_pack, user

ADMIN = UserRef("console", "root", "root")


@pytest.fixture
async def checks(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, database_url, tasks_gold_rate="1", admins_console="root")
    async with open_game(settings, clock=clock, packs=[text_pack("checks", items=20, gold_every=2)]) as game:
        yield game


async def fail_six_checks(game: Game, clock: FixedClock, who: UserRef) -> None:
    prompt = (await game.start(who)).prompt
    for _ in range(6):
        clock.advance(seconds=5)
        known = "human" if int(prompt.text.rsplit(" ", 1)[1]) % 2 == 0 else "bot"
        prompt = (await game.answer(who, prompt.task_id, "bot" if known == "human" else "human")).next_prompt


async def no_platform(_community: object) -> None:
    """The console has no platform to ask about community rights."""
    return None


async def workers(game: Game) -> list[CampaignWorker]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(CampaignWorker))))


async def test_an_appeal_is_reviewed_on_the_gold_record_and_a_reinstatement_sticks(
    checks: Game, clock: FixedClock
) -> None:
    await fail_six_checks(checks, clock, user(1))
    await checks.refit()
    [worker] = await workers(checks)
    assert worker.suspended
    await checks.start(user(2))
    with pytest.raises(NotSuspended):
        await checks.appeal(user(2), worker.campaign_id)
    facts = await checks.appeal(user(1), worker.campaign_id)
    assert (facts.gold_right, facts.gold_total, facts.status) == (0, 6, "pending")
    assert "0 of 6 right" in texts.appeal_sent(facts)
    await checks.appeal(user(1), worker.campaign_id)  # asking twice is one appeal
    # Only admins or the campaign's moderators review; a player cannot.
    with pytest.raises(NotAllowed):
        await checks.campaigns.appeals(user(2), worker.campaign_id)
    [waiting] = await checks.campaigns.appeals(ADMIN, worker.campaign_id)
    assert waiting.account_id == worker.account_id and "known-answer checks failed" in waiting.reason
    # The chat command, parsed as both adapters parse it.
    command = campaign_args.parse(f"/campaign review {worker.campaign_id} {worker.account_id} reinstate")
    reply = await campaigns.run(checks, ADMIN, command, None, no_platform)
    assert "reinstated" in reply.text
    with pytest.raises(NoAppeal):
        await checks.campaigns.review(ADMIN, worker.campaign_id, worker.account_id, True)
    [worker] = await workers(checks)
    assert not worker.suspended and worker.reinstated and worker.appealed_at is None
    assert (await checks.next_task(user(1))) is not None  # served again
    await checks.refit()  # the same record no longer suspends: a person looked at it
    [worker] = await workers(checks)
    assert not worker.suspended
    told = await checks.deps.db.transaction(
        lambda s: s.scalars(select(NoticeRow).where(NoticeRow.kind == NoticeKind.APPEAL_DECIDED.value))
    )
    [notice] = list(told)
    text = texts.notice(Notice(notice.id, notice.account_id, NoticeKind.APPEAL_DECIDED, notice.facts, ()))
    assert "count again" in text


async def test_an_upheld_suspension_stays(checks: Game, clock: FixedClock) -> None:
    await fail_six_checks(checks, clock, user(1))
    await checks.refit()
    [worker] = await workers(checks)
    await checks.appeal(user(1), worker.campaign_id)
    decided = await checks.campaigns.review(ADMIN, worker.campaign_id, worker.account_id, False)
    assert decided.status == "upheld"
    assert await checks.campaigns.appeals(ADMIN, worker.campaign_id) == []
    with pytest.raises(NoTasks):
        await checks.next_task(user(1))


async def test_the_export_carries_each_answer_with_its_annotators_weight(
    checks: Game, clock: FixedClock, tmp_path: Path
) -> None:
    await fail_six_checks(checks, clock, user(1))
    prompt = (await checks.start(user(2))).prompt
    clock.advance(seconds=5)
    await checks.answer(user(2), prompt.task_id, "human" if int(prompt.text.rsplit(" ", 1)[1]) % 2 == 0 else "bot")
    await checks.refit()
    [suspended] = [w for w in await workers(checks) if w.suspended]
    result = await checks.campaigns.export(ADMIN, suspended.campaign_id, "jsonl", dest=tmp_path / "out.jsonl")
    answers = [a for line in result.path.read_text().splitlines() for a in json.loads(line)["answers"]]
    weights = sorted({a["worker"]: a["weight"] for a in answers}.values())
    assert len(weights) == 2 and weights[0] == 0.0 and 0.0 < weights[1] <= 1.0
