"""Another requester's job does not exist for you, on every route that names a job: each answers 404 as for a
job that was never made, and nothing of the owner's job changes. The routes are read from the API's own route
table, so a route added later is covered without editing this test."""

from __future__ import annotations

from typing import Any

from starlette.routing import Mount, Route

from core.game.game import Game
from core.types import CampaignStatus
from tests.integration.web.requester_support import JOB, api_client, is_problem
from web import requesters

# One body per kind of call: uploads are multipart, the rest JSON; each would be accepted from the owner.
UPLOAD: dict[str, Any] = {
    "files": {"file": ("items.jsonl", b'{"id": "x1", "text": "mine now", "known_answer": "bot"}\n')}
}
BODIES: dict[str, dict[str, Any]] = {
    "/jobs/{job_id}/items": UPLOAD,
    "/jobs/{job_id}/gold": UPLOAD,
    "/jobs/{job_id}/fund": {"json": {"tokens": "0.01"}},
    "/jobs/{job_id}": {"json": {"question": "Mine now?"}},
}


def job_routes(game: Game) -> list[tuple[str, str]]:
    """(method, path) of every API route that takes a job id."""
    mounted = next(r for r in requesters.routes(game, game.deps.settings) if isinstance(r, Mount))
    return sorted(
        (method, route.path.replace(":int", ""))
        for route in mounted.routes
        if isinstance(route, Route) and "{job_id" in route.path
        for method in (route.methods or set()) - {"HEAD"}
    )


async def test_every_route_that_names_a_job_refuses_another_requesters_and_changes_nothing(bare_game: Game) -> None:
    game = bare_game
    owner = await game.requesters.add("Owner")
    other = await game.requesters.add("Other")
    async with api_client(game, key=owner.key) as client:
        job = (await client.post("/api/v1/jobs", json=JOB)).json()["id"]
        await client.post(f"/api/v1/jobs/{job}/items", **UPLOAD)
        before = (await client.get(f"/api/v1/jobs/{job}/items")).json()
    assert [i["id"] for i in before["items"]] == ["x1"]

    routes = job_routes(game)
    assert len(routes) >= 14, routes  # read, change, the statuses, items, gold, results, exports, money, ...
    async with api_client(game, key=other.key) as client:
        for method, path in routes:
            response = await client.request(
                method,
                "/api/v1" + path.format(job_id=job),
                **BODIES.get(path, {}),
            )
            detail = is_problem(response, 404)["detail"]
            assert str(detail).startswith("There is no job"), (method, path, detail)

    async with api_client(game, key=owner.key) as client:
        assert (await client.get(f"/api/v1/jobs/{job}/items")).json() == before
        money = (await client.get(f"/api/v1/jobs/{job}/money")).json()
        deliveries = (await client.get(f"/api/v1/jobs/{job}/deliveries")).json()["deliveries"]
    unchanged = await game.requesters.job(owner.requester, job)
    assert (unchanged.question, unchanged.status) == (JOB["question"], CampaignStatus.DRAFT)
    assert money["funded"] == 0 and deliveries == []
