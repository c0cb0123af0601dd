"""Who may work on a job, set through the API and honoured when players are served: onboarding gold passed
first (a miss ends the job for that player), and a minimum reputation in the job's community."""

from __future__ import annotations

import httpx
import pytest

from core.clock import FixedClock
from core.game.eligibility import Onboarding, verdict
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from core.types import Prompt
from tests.integration.admin.played import play
from tests.integration.web.requester_support import api_client, is_problem
from tests.integration.web.test_requester_items import jsonl, new_job, upload
from tests.support import user

ITEMS = [{"id": f"t{i}", "text": f"text {i}"} for i in range(4)]
GOLD = [{"id": f"g{i}", "text": f"gold {i}", "known_answer": ["human", "bot"][i % 2], "gold": True} for i in range(3)]


def right(prompt: Prompt) -> str:
    return ["human", "bot"][int(prompt.text.split()[-1]) % 2]


async def funded_job(game: Game, client: httpx.AsyncClient, **terms: object) -> int:
    job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6, gold_rate=0, **terms)
    assert (await upload(client, job, "items.jsonl", jsonl(ITEMS + GOLD))).status_code == 201
    assert (await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.5"})).status_code == 200
    started = await client.post(f"/api/v1/jobs/{job}/start")
    assert started.status_code == 200, started.text
    return job


@pytest.fixture
async def requester(bare_game: Game) -> str:
    bare_game.economy.treasury = FixedTreasury(10**19)
    issued = await bare_game.requesters.add("Acme AI")
    await bare_game.requesters.deposit("Acme AI", "5", bare_game.economy.treasury)
    return issued.key


def test_onboarding_is_passed_by_the_first_gold_answers_all_right() -> None:
    assert verdict([], 0) is Onboarding.PASSED
    assert verdict([True], 2) is Onboarding.GOLD_ONLY
    assert verdict([True, False], 2) is Onboarding.FAILED
    assert verdict([False], 2) is Onboarding.FAILED
    assert verdict([True, True], 2) is Onboarding.PASSED
    assert verdict([True, True, False], 2) is Onboarding.PASSED  # later gold is ordinary gold


async def test_players_pass_the_onboarding_gold_before_the_jobs_items(
    bare_game: Game, requester: str, clock: FixedClock
) -> None:
    game = bare_game
    async with api_client(game, key=requester) as client:
        job = await new_job(client, onboarding_gold=2)
        assert (await client.get(f"/api/v1/jobs/{job}")).json()["onboarding_gold"] == 2
        await upload(client, job, "items.jsonl", jsonl(ITEMS))
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.5"})
        no_gold = await client.post(f"/api/v1/jobs/{job}/start")
        assert "onboards players on 2 gold items" in str(is_problem(no_gold, 422)["detail"])
        is_problem(await client.post("/api/v1/jobs", json={"kind": "bot_or_not", "onboarding_gold": -1}), 422)
        job = await funded_job(game, client, name="Onboarded", onboarding_gold=2)

    good = (await game.start(user(1))).prompt
    shown = []
    while good is not None:
        shown.append(good.text)
        clock.advance(seconds=3)
        good = (await game.answer(user(1), good.task_id, right(good))).next_prompt
    assert all(text.startswith("gold") for text in shown[:2]), shown
    assert {f"text {i}" for i in range(4)} <= set(shown)  # passed: then the job's items

    bad = (await game.start(user(2))).prompt
    assert bad is not None and bad.text.startswith("gold")
    clock.advance(seconds=3)
    wrong = "bot" if right(bad) == "human" else "human"
    assert (await game.answer(user(2), bad.task_id, wrong)).next_prompt is None  # a miss: nothing more of it


async def test_a_minimum_reputation_keeps_newcomers_off_a_job(
    bare_game: Game, requester: str, clock: FixedClock
) -> None:
    game = bare_game
    async with api_client(game, key=requester) as client:
        warm_up = await funded_job(game, client, name="Warm-up")
        for player in (1, 2, 3):  # agreeing on settled items earns reputation in the public community
            await play(game, clock, player, None)
        await client.post(f"/api/v1/jobs/{warm_up}/close")
        job = await funded_job(game, client, name="Experts", min_reputation=2.0)
        assert (await client.get(f"/api/v1/jobs/{job}")).json()["min_reputation"] == 2.0
        is_problem(await client.patch(f"/api/v1/jobs/{job}", json={"min_reputation": 3}), 409)  # started
    assert (await game.start(user(9))).prompt is None  # a newcomer holds the starting 1.0
    veteran = (await game.start(user(1))).prompt
    assert veteran is not None and veteran.campaign == "Experts"
