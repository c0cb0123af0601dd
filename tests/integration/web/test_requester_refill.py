"""Funding a job that settlement paused because its pool ran empty resumes it once the pool pays the next item;
a job its requester paused by hand stays paused whatever is funded."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.db.campaign_tables import CampaignEvent
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from core.types import CampaignStatus
from tests.integration.admin.played import play
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, texts, upload
from tests.support import user


@pytest.fixture
async def key(bare_game: Game) -> str:
    bare_game.economy.treasury = FixedTreasury(10**18)  # 1 token: 100 points
    issued = await bare_game.requesters.add("Acme AI")
    await bare_game.requesters.deposit("Acme AI", "1", bare_game.economy.treasury)
    return issued.key


async def started(client: httpx.AsyncClient, tokens: str) -> int:
    """A job of 8 items paying 2 points each, funded with `tokens` and started."""
    job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6, reward_per_item=2)
    assert (await upload(client, job, "items.jsonl", jsonl(texts(8)))).status_code == 201
    assert (await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": tokens})).status_code == 200
    assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
    return job


async def last_event(game: Game, job: int) -> tuple[str, str]:
    query = select(CampaignEvent.actor, CampaignEvent.action).where(CampaignEvent.campaign_id == job)
    rows = await game.deps.db.run(lambda s: s.execute(query.order_by(CampaignEvent.id.desc())).first())
    return (rows[0], rows[1])


async def status(client: httpx.AsyncClient, job: int) -> str:
    return str((await client.get(f"/api/v1/jobs/{job}")).json()["status"])


async def test_funding_resumes_a_job_its_empty_pool_paused(bare_game: Game, key: str, clock: FixedClock) -> None:
    game = bare_game
    async with api_client(game, key=key) as client:
        job = await started(client, "0.05")  # 5 points: two items, then the pool can't pay the third
        for player in (1, 2, 3):
            await play(game, clock, player, None)
        money = (await client.get(f"/api/v1/jobs/{job}/money")).json()
        assert (await status(client, job), money["left"], money["items_paid"]) == ("paused", 1, 2)
        assert (await game.start(user(4))).prompt is None  # a paused job serves nobody

        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.01"})  # 1 point
        assert await status(client, job) == "active"  # 1 + 1 = 2 pays the next item

        served = await game.start(user(4))
        assert served.prompt is not None and served.prompt.campaign == "Spot the bot"
        assert (await last_event(game, job)) == ("funding", "resume")  # the audit trail says why it serves again


async def test_funding_too_little_leaves_a_stopped_job_paused(bare_game: Game, key: str, clock: FixedClock) -> None:
    async with api_client(bare_game, key=key) as client:
        job = await started(client, "0.04")  # 4 points: two items, then 0 left
        for player in (1, 2, 3):
            await play(bare_game, clock, player, None)
        assert await status(client, job) == "paused"
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.01"})  # 1 point: the next item pays 2
        assert await status(client, job) == "paused"
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.01"})
        assert await status(client, job) == "active"


async def test_a_job_paused_by_hand_stays_paused_when_funded(bare_game: Game, key: str, clock: FixedClock) -> None:
    async with api_client(bare_game, key=key) as client:
        job = await started(client, "0.05")
        for player in (1, 2, 3):
            await play(bare_game, clock, player, None)  # the pool ran empty: settlement paused the job
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.1"})
        assert await status(client, job) == "active"
        assert (await client.post(f"/api/v1/jobs/{job}/pause")).status_code == 200  # now the requester pauses it
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.1"})
        assert await status(client, job) == "paused"
        assert (await bare_game.start(user(5))).prompt is None
        resumed = await client.post(f"/api/v1/jobs/{job}/resume")
        assert resumed.status_code == 200 and resumed.json()["status"] == CampaignStatus.ACTIVE.value
