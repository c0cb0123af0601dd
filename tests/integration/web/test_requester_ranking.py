"""A requester's comparison job through the API: items naming their systems in, the ranking out as JSON and CSV."""

from __future__ import annotations

import csv
import io

from core.clock import FixedClock
from core.game.game import Game
from tests.integration.admin.arena import STRENGTH, arena_rows, play_all
from tests.integration.web.requester_support import JOB, api_client, is_problem
from tests.integration.web.test_requester_items import jsonl, new_job, upload
from tests.support import fund_pools

ARENA = {
    "kind": "comparison",
    "name": "Arena",
    "question": "Which answer is better?",
    "choices": ["a", "b", "tie", "both_bad"],
    "min_overlap": 2,
    "max_overlap": 3,
    "target_confidence": 0.8,
    "gold_rate": 0.3,
}


async def test_a_comparison_jobs_ranking_as_json_and_as_a_download(bare_game: Game, clock: FixedClock) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    rows, verdicts = arena_rows()
    async with api_client(bare_game, key=issued.key) as client:
        job = await new_job(client, **ARENA)
        assert (await client.get(f"/api/v1/jobs/{job}/ranking")).json()["ranking"] == []
        done = await upload(client, job, "pairs.jsonl", jsonl(rows))
        assert done.status_code == 201 and done.json()["imported"] == len(rows), done.text
        await fund_pools(bare_game)
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
        for player in (1, 2, 3):
            await play_all(bare_game, clock, player, verdicts)
        body = (await client.get(f"/api/v1/jobs/{job}/ranking")).json()
        ranked = body["ranking"]
        assert [r["system"] for r in ranked] == sorted(STRENGTH, key=lambda s: -STRENGTH[s])
        assert [r["rank"] for r in ranked] == [1, 2, 3] and all(r["low"] <= r["rating"] <= r["high"] for r in ranked)
        download = await client.get(f"/api/v1/jobs/{job}/ranking?format=csv")
        assert download.headers["content-type"].startswith("text/csv")
        assert "attachment" in download.headers["content-disposition"]
        table = list(csv.DictReader(io.StringIO(download.text)))
        assert [(r["system"], float(r["rating"]), int(r["games"])) for r in table] == [
            (r["system"], r["rating"], r["games"]) for r in ranked
        ]
        is_problem(await client.get(f"/api/v1/jobs/{job}/ranking?format=xlsx"), 400)
        other = await new_job(client, **JOB)
        assert (await client.get(f"/api/v1/jobs/{other}/ranking")).json()["ranking"] == []
    stranger = await bare_game.requesters.add("Other Co")
    async with api_client(bare_game, key=stranger.key) as client:
        is_problem(await client.get(f"/api/v1/jobs/{job}/ranking"), 404)
