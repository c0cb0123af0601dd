"""The results a job's items keep (`item_result`) stay what their answers say: written when an item settles,
rewritten by a late answer (settled items still take answers), and untouched by what a refit's label change
does not change. The stored text is compared with the same aggregates over the answers, and the pages with the
object path (`results`). On SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from core.clock import FixedClock
from core.game.game import Game
from core.game.item_results import AGGREGATES
from core.game.requesters.results import ResultsPage
from core.types.requesters import RequesterInfo
from tests.integration.economy.test_refit_corrections import P1, P2, P3, item_of_task, relabel
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, texts, upload
from tests.integration.web.test_requester_results import aware


@pytest.fixture
def game(paying_game: Game) -> Game:
    return paying_game


async def stored_and_fresh(game: Game, item_id: int) -> tuple[Any, ...] | None:
    """The item's stored (answers, counts) beside the same aggregated afresh from its answers; None: no row."""

    def read(session: Session) -> tuple[Any, ...] | None:
        conn = session.connection()
        answers, counts = AGGREGATES[conn.dialect.name]
        query = text(
            f"SELECT r.answers, r.counts, coalesce(({answers}), ''), coalesce(({counts}), '') "
            "FROM item i JOIN item_result r ON r.item_id = i.id WHERE i.id = :item"
        )
        row = conn.execute(query, {"item": item_id}).first()
        return None if row is None else tuple(row)

    return await game.deps.db.run(read)


async def assert_agrees(game: Game, client: httpx.AsyncClient, requester: RequesterInfo, job: int) -> list[Any]:
    """Every settled item of the job is stored as its answers say, and its page shows what the object path does."""
    page = (await client.get(f"/api/v1/jobs/{job}/results?limit=100")).json()["results"]
    oracle = {item.external_id: item for item in (await game.requesters.results(requester, job, limit=100)).items}
    assert page and len(page) == len(oracle)
    for item in page:
        want = oracle[item["id"]]
        stored = await stored_and_fresh(game, want.item_id)
        assert stored is not None and stored[:2] == stored[2:], stored
        assert (item["state"], item["label"], item["confidence"]) == (want.status, want.label, want.confidence)
        assert list(item["label_counts"].items()) == list(ResultsPage.counts(want).items())
        assert [(a["choice"], datetime.fromisoformat(a["answered_at"]), a["counted"]) for a in item["answers"]] == [
            (a.choice, aware(a.answered_at), a.counted) for a in want.answers
        ]
    return page


async def test_a_late_answer_and_a_label_change_leave_the_stored_results_right(game: Game, clock: FixedClock) -> None:
    issued = await game.requesters.add("Acme AI")
    await game.requesters.deposit("Acme AI", "5", game.economy.treasury)
    async with api_client(game, key=issued.key) as client:
        job = await new_job(
            client, min_overlap=2, max_overlap=3, target_confidence=0.6, gold_rate=0, reward_per_item=10
        )
        assert (await upload(client, job, "items.jsonl", jsonl(texts(1)))).status_code == 201
        assert (await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "2"})).status_code == 200
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
        shown = {who: (await game.start(who)).prompt for who in (P1, P2, P3)}  # all three hold the one item
        tasks = {who: prompt.task_id for who, prompt in shown.items() if prompt is not None}
        assert len(tasks) == 3
        item = await item_of_task(game, tasks[P1])
        for who, choice in ((P1, "bot"), (P2, "bot")):
            clock.advance(seconds=3)
            await game.answer(who, tasks[who], choice)
        (settled,) = await assert_agrees(game, client, issued.requester, job)
        assert settled["label"] == "bot" and len(settled["answers"]) == 2

        clock.advance(seconds=3)
        await game.answer(P3, tasks[P3], "human")  # the item settled while P3 had it on screen
        (late,) = await assert_agrees(game, client, issued.requester, job)
        assert len(late["answers"]) == 3 and late["label_counts"] == {"bot": 2, "human": 1}

        await relabel(game, job, [item], "human")  # a refit's label change: recorded beside the item
        (relabelled,) = await assert_agrees(game, client, issued.requester, job)
        assert relabelled == {**late, "answers": relabelled["answers"]}
        assert [a["choice"] for a in relabelled["answers"]] == [a["choice"] for a in late["answers"]]
