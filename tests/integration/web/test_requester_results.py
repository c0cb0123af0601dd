"""Results paging through the API on answers laid down by hand: every settled item once, in id order, whatever
the page size; each item's answers in time order (ties by worker), its label counts the most frequent first
(ties by the label answered first), its id and label escaped; workers named consistently within a page and
afresh on every page. The same pages read through the ORM path (`results`) agree on every field."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.tables import Account, Assignment, Item
from core.game.game import Game
from core.game.requesters.results import ResultsPage
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, upload

T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)
IDS = ['q"uote', "100%", "%(1)s", "ünï\\code", "plain", "open-one", "no-answers", "last"]
# (item, account, seconds after T0 or None for a task shown but unanswered, choice, counted)
ANSWERS = [
    ('q"uote', 1, 5, "human", True),
    ('q"uote', 2, 5, "human", True),  # the same second as worker 1: after it (by account)
    ('q"uote', 3, 1, "bot", True),
    ("100%", 1, 1, "bot", True),  # a 1-1 tie: bot answered first, so bot comes first
    ("100%", 2, 2, "human", True),
    ("100%", 3, 3, "human", False),  # set aside: shown, not counted
    ("%(1)s", 2, 9, "human", True),
    ("%(1)s", 4, None, None, False),  # shown, never answered: not an answer
    ("ünï\\code", 4, 7, "bot", True),
    ("open-one", 1, 4, "bot", True),
    ("last", 3, 2, "human", True),
    ("last", 1, 3, "human", True),
]
# Confidences no short decimal writes exactly: each must read back as the same double.
CONFIDENCES = [0.1 + 0.2, 2 / 3, 1e-05, 0.9999999999999999, 1.0, 0.75]
SETTLED = {'q"uote': "human", "100%": None, "%(1)s": "human", "ünï\\code": "bot", "no-answers": "bot", "last": "human"}


async def seeded(game: Game, client: httpx.AsyncClient) -> int:
    job = await new_job(client)
    done = await upload(client, job, "items.jsonl", jsonl([{"id": i, "text": f"t {i}"} for i in IDS]))
    assert done.status_code == 201, done.text
    now = T0

    async def work(session: AsyncSession) -> None:
        accounts = [
            Account(display_name=f"P{n}", referral_code=f"ref{n}", level_since=now, created_at=now) for n in range(4)
        ]
        session.add_all(accounts)
        await session.flush()
        found = await session.execute(select(col(Item.external_id), col(Item.id)))
        ids = {external: item_id for external, item_id in found}
        for external, account, seconds, choice, counted in ANSWERS:
            when = None if seconds is None else T0 + timedelta(seconds=seconds)
            session.add(
                Assignment(
                    item_id=ids[external],
                    account_id=accounts[account - 1].id or 0,
                    level=0,
                    gold=False,
                    shown_at=T0,
                    answered_at=when,
                    choice=choice,
                    counted=counted,
                )
            )
        for number, (external, label) in enumerate(SETTLED.items()):
            await session.execute(
                update(Item)
                .where(col(Item.id) == ids[external])
                .values(
                    status="ambiguous" if label is None else "resolved", label=label, confidence=CONFIDENCES[number]
                )
            )

    await game.deps.db.transaction(work)
    return job


async def pages(client: httpx.AsyncClient, job: int, limit: int) -> list[list[dict[str, Any]]]:
    found, after = [], 0
    while True:
        response = await client.get(f"/api/v1/jobs/{job}/results?limit={limit}&after={after}")
        assert response.status_code == 200 and response.headers["content-type"] == "application/json"
        page = response.json()
        found.append(page["results"])
        if page["next_after"] is None:
            assert "link" not in response.headers
            return found
        # The Link header names the same next page as the body, so a client can ask for it before parsing this one
        assert (
            response.headers["link"]
            == f'</api/v1/jobs/{job}/results?limit={limit}&after={page["next_after"]}>; rel="next"'
        )
        after = page["next_after"]


async def test_every_settled_item_once_in_order_with_its_answers_and_counts(bare_game: Game) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    async with api_client(bare_game, key=issued.key) as client:
        job = await seeded(bare_game, client)
        settled_ids = [i for i in IDS if i in SETTLED]
        for limit in (1, 2, 4, 6, 100):
            found = await pages(client, job, limit)
            assert [len(p) for p in found] == [min(limit, 6 - start) for start in range(0, 6, limit)]
            assert [item["id"] for page in found for item in page] == settled_ids
        (page,) = await pages(client, job, 100)
        beyond = (await client.get(f"/api/v1/jobs/{job}/results?after={10**9}")).json()
        assert beyond == {"results": [], "next_after": None}
    items = {item["id"]: item for item in page}
    assert [(a["choice"], a["answered_at"]) for a in items['q"uote']["answers"]] == [
        ("bot", "2026-01-05T10:00:01.000000+00:00"),
        ("human", "2026-01-05T10:00:05.000000+00:00"),
        ("human", "2026-01-05T10:00:05.000000+00:00"),
    ]
    quote = items['q"uote']["answers"]
    assert quote[1]["worker"] == items["100%"]["answers"][0]["worker"]  # worker 1 on both items of the page
    assert quote[2]["worker"] == items["100%"]["answers"][1]["worker"]  # worker 2, answered after 1 in that second
    assert len({a["worker"] for a in quote}) == 3 and all(len(a["worker"]) == 13 for a in quote)
    assert list(items['q"uote']["label_counts"].items()) == [("human", 2), ("bot", 1)]
    assert list(items["100%"]["label_counts"].items()) == [("bot", 1), ("human", 1)]
    assert [a["counted"] for a in items["100%"]["answers"]] == [True, True, False]
    assert items["100%"]["ambiguous"] and items["100%"]["label"] is None and items["100%"]["state"] == "ambiguous"
    assert [a["choice"] for a in items["%(1)s"]["answers"]] == ["human"]
    assert items["no-answers"]["answers"] == [] and items["no-answers"]["label_counts"] == {}
    assert items["ünï\\code"]["label"] == "bot" and not items["ünï\\code"]["ambiguous"]


async def test_pages_agree_with_the_object_path_and_name_workers_afresh(bare_game: Game) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    async with api_client(bare_game, key=issued.key) as client:
        job = await seeded(bare_game, client)
        first, again = await pages(client, job, 3), await pages(client, job, 3)
    oracle = await bare_game.requesters.results(issued.requester, job, limit=100)
    expected = {item.external_id: item for item in oracle.items}
    for page, repeat in zip(first, again, strict=True):
        names: dict[str, str] = {}  # the object path's names -> this page's: one to one within a page
        for item, same in zip(page, repeat, strict=True):
            want = expected[str(item["id"])]
            got_answers = item["answers"]
            assert (item["state"], item["label"], item["confidence"], item["gold"]) == (
                want.status,
                want.label,
                want.confidence,
                want.gold,
            )
            assert list(item["label_counts"].items()) == list(ResultsPage.counts(want).items())
            assert [(a["choice"], datetime.fromisoformat(a["answered_at"]), a["counted"]) for a in got_answers] == [
                (a.choice, aware(a.answered_at), a.counted) for a in want.answers
            ]
            for answer, theirs in zip(got_answers, want.answers, strict=True):
                assert names.setdefault(theirs.worker, str(answer["worker"])) == answer["worker"]
            # Read again, the page holds the same content under other names.
            assert json.dumps({**item, "answers": None}) == json.dumps({**same, "answers": None})
            assert [a["worker"] for a in got_answers] != [a["worker"] for a in same["answers"]] or not got_answers
        assert len(set(names.values())) == len(names)
    workers = [{a["worker"] for item in page for a in item["answers"]} for page in first]
    assert not workers[0] & workers[1]  # worker 1 answered on both pages, under unrelated names


def aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when
