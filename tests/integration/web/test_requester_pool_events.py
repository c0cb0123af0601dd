"""`job.pool_low` once per crossing below the next items' rewards, and `job.pool_empty` when the job stopped
serving, delivered signed to a real receiver while players drain a pool funded from the deposit."""

from __future__ import annotations

import json
from pathlib import Path

from core.clock import FixedClock
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from core.game.requesters import signing
from tests.integration.admin.played import play
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, upload
from tests.integration.web.test_requester_webhooks import hooked, receiver, sending
from web.requesters.delivery import deliver


def rows(start: int, n: int) -> list[dict[str, object]]:
    return [{"id": f"t{i}", "text": f"text {i}"} for i in range(start, start + n)]


async def pool_events(game: Game, key: str, job: int) -> list[tuple[str, str]]:
    async with api_client(game, key=key) as client:
        log = (await client.get(f"/api/v1/jobs/{job}/deliveries")).json()["deliveries"]
    return sorted((d["event"], d["ref"]) for d in log if d["event"].startswith("job.pool"))


async def test_the_requester_hears_once_per_crossing_and_when_the_pool_ran_dry(
    bare_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    game = hooked(bare_game, tmp_path, requesters_pool_low_items="5")  # low: under 5 items × 2 points
    game.economy.treasury = FixedTreasury(10**18)
    issued = await game.requesters.add("Acme AI")
    await game.requesters.deposit("Acme AI", "1", game.economy.treasury)
    async with receiver() as hook, api_client(game, key=issued.key) as client, sending() as sender:
        secret = (await client.put("/api/v1/webhook", json={"url": hook.url})).json()["secret"]
        job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6, reward_per_item=2)
        await upload(client, job, "items.jsonl", jsonl(rows(0, 12)))
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.14"})
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
        await game.requesters.queue_webhook_events()
        assert await pool_events(game, issued.key, job) == []  # 14 points: above the 10 of five items

        for player in (1, 2, 3):
            await play(game, clock, player, None)
        money = (await client.get(f"/api/v1/jobs/{job}/money")).json()
        status = (await client.get(f"/api/v1/jobs/{job}")).json()["status"]
        assert (money["left"], status) == (0, "paused"), money  # settlement stopped it: the pool can't pay 2
        await game.requesters.queue_webhook_events()
        await game.requesters.queue_webhook_events()  # nothing new the second time
        events = await pool_events(game, issued.key, job)
        assert [event for event, _ in events] == ["job.pool_empty", "job.pool_low"]
        assert ("job.pool_low", "low:1") in events

        await deliver(game, sender)
        now = int(clock.now().timestamp())
        got = {}
        for headers, body in hook.got:
            assert signing.verify(secret, headers["chatlabel-signature"], body, now)
            got[json.loads(body)["event"]] = json.loads(body)
        assert got["job.pool_low"]["threshold_items"] == 5 and got["job.pool_low"]["items_covered"] < 5
        assert got["job.pool_empty"]["job_id"] == job

        # Funding lifts the pool above the line (no event); draining it again is a second crossing.
        await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.3"})
        await game.requesters.queue_webhook_events()
        assert len(await pool_events(game, issued.key, job)) == 2
        assert (await client.get(f"/api/v1/jobs/{job}")).json()["status"] == "active"  # funding resumed it
        await upload(client, job, "more.jsonl", jsonl(rows(12, 24)))
        for player in (1, 2, 3):
            await play(game, clock, player, None)
        await game.requesters.queue_webhook_events()
        low = [ref for event, ref in await pool_events(game, issued.key, job) if event == "job.pool_low"]
        assert low == ["low:1", "low:2"]
