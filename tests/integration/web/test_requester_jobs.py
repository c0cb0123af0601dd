"""Jobs through the API: create, read, change terms while draft, the statuses; bad terms, other requesters'
jobs, replayed idempotency keys and malformed bodies are refused with problem details and change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.content.writer import write_pack
from core.game.game import Game
from core.game.requesters.accounts import principal
from core.types import CampaignStatus
from tests.integration.web.requester_support import JOB, api_client, is_problem
from tests.support import fund_pools, text_pack


async def test_a_job_is_created_read_listed_and_changed_while_draft(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        created = await client.post("/api/v1/jobs", json={**JOB, "instructions": "Trust your gut."})
        assert created.status_code == 201, created.text
        job = created.json()
        assert (job["status"], job["kind"], job["reward_per_item"], job["min_overlap"]) == ("draft", "bot_or_not", 2, 3)
        assert job["choices"] == JOB["choices"] and job["items"] == 0
        assert job["level"] == 1  # counted from 1, as players read their level
        assert (await client.get(f"/api/v1/jobs/{job['id']}")).json() == job
        assert (await client.get("/api/v1/jobs")).json() == {"jobs": [job]}
        changed = await client.patch(f"/api/v1/jobs/{job['id']}", json={"gold_rate": 0.2, "choices": ["human", "bot"]})
        assert changed.status_code == 200, changed.text
        assert (changed.json()["gold_rate"], changed.json()["choices"][0]) == (0.2, {"key": "human", "label": "human"})
    info = await game.requesters.job(issued.requester, job["id"])
    assert info.created_by == f"requester:{issued.requester.requester_id}"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"min_overlap": 6}, "min_overlap"),
        ({"target_confidence": 0.4}, "target_confidence"),
        ({"choices": [{"key": "Bad Key"}, {"key": "ok"}]}, "choice key"),
        ({"reward_per_item": -1}, "points_per_item"),
        ({"deadline": "2020-01-01T00:00:00Z"}, "deadline"),
        ({"budget": 5}, "budget"),
        ({"kind": "poetry"}, "kind"),
        ({"community_id": 999}, "community"),
        ({"choices": 7}, "choices"),
        ({"level": 0}, "level"),
    ],
)
async def test_bad_terms_are_refused_by_name_and_create_nothing(
    game: Game, body: dict[str, object], field: str
) -> None:
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        refused = await client.post("/api/v1/jobs", json={**JOB, **body})
        assert refused.status_code == 422, refused.text
        assert field in str(is_problem(refused, 422)["detail"])
    assert await game.requesters.jobs(issued.requester) == []


async def test_a_started_job_keeps_its_terms_and_moves_through_its_statuses(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        job = (await client.post("/api/v1/jobs", json=JOB)).json()
        no_items = await client.post(f"/api/v1/jobs/{job['id']}/start")
        assert "no items" in str(is_problem(no_items, 422)["detail"])
        await game.campaigns.import_pack(principal(issued.requester), job["id"], _pack_dir(game), form="folder")
        await fund_pools(game)  # a paid job starts only with a funded pool (an admin funds it, for now)
        assert (await client.post(f"/api/v1/jobs/{job['id']}/start")).json()["status"] == "active"
        is_problem(await client.patch(f"/api/v1/jobs/{job['id']}", json={"question": "New?"}), 409)
        is_problem(await client.post(f"/api/v1/jobs/{job['id']}/resume"), 409)
        for action, status in (("pause", "paused"), ("resume", "active"), ("close", "closed")):
            moved = await client.post(f"/api/v1/jobs/{job['id']}/{action}")
            assert moved.json()["status"] == status, moved.text
        is_problem(await client.post(f"/api/v1/jobs/{job['id']}/explode"), 404)
    assert (await game.requesters.job(issued.requester, job["id"])).status is CampaignStatus.CLOSED


async def test_another_requesters_job_is_no_job_at_all(game: Game) -> None:
    owner = await game.requesters.add("Owner")
    other = await game.requesters.add("Other")
    async with api_client(game, key=owner.key) as client:
        job = (await client.post("/api/v1/jobs", json=JOB)).json()
    async with api_client(game, key=other.key) as client:
        for response in (
            await client.get(f"/api/v1/jobs/{job['id']}"),
            await client.patch(f"/api/v1/jobs/{job['id']}", json={"question": "Mine now?"}),
            await client.post(f"/api/v1/jobs/{job['id']}/close"),
            await client.get("/api/v1/jobs/424242"),
        ):
            assert is_problem(response, 404)["detail"].startswith("There is no job")  # type: ignore[union-attr]
        assert (await client.get("/api/v1/jobs")).json() == {"jobs": []}
        # A chat-made campaign is not a requester's job either.
        is_problem(await client.get("/api/v1/jobs/1"), 404)
    unchanged = await game.requesters.job(owner.requester, job["id"])
    assert (unchanged.question, unchanged.status) == (JOB["question"], CampaignStatus.DRAFT)


async def test_a_replayed_idempotency_key_returns_the_first_answer_and_creates_one_job(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        first = await client.post("/api/v1/jobs", json=JOB, headers={"Idempotency-Key": "job-1"})
        again = await client.post("/api/v1/jobs", json=JOB, headers={"Idempotency-Key": "job-1"})
        assert (first.status_code, again.status_code) == (201, 201)
        assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
        changed = await client.post("/api/v1/jobs", json={**JOB, "name": "Other"}, headers={"Idempotency-Key": "job-1"})
        is_problem(changed, 422)
        # A refusal is an answer too: replayed, not retried.
        clash = await client.post("/api/v1/jobs", json=JOB, headers={"Idempotency-Key": "job-2"})
        assert (
            is_problem(clash, 409)
            == (await client.post("/api/v1/jobs", json=JOB, headers={"Idempotency-Key": "job-2"})).json()
        )
        is_problem(await client.post("/api/v1/jobs", json=JOB, headers={"Idempotency-Key": "x" * 256}), 400)
    assert len(await game.requesters.jobs(issued.requester)) == 1
    other = await game.requesters.add("Other")
    async with api_client(game, key=other.key) as client:  # keys are per requester
        assert (
            await client.post("/api/v1/jobs", json={**JOB, "name": "Theirs"}, headers={"Idempotency-Key": "job-1"})
        ).status_code == 201


async def test_malformed_bodies_paths_and_methods_are_answered_as_problems(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        is_problem(
            await client.post("/api/v1/jobs", content=b"{not json", headers={"Content-Type": "application/json"}), 400
        )
        is_problem(
            await client.post("/api/v1/jobs", content=b"[1, 2]", headers={"Content-Type": "application/json"}), 422
        )
        is_problem(await client.post("/api/v1/jobs", content=b"kind=x", headers={"Content-Type": "text/plain"}), 415)
        huge = b'{"name": "' + b"x" * 300_000 + b'"}'
        is_problem(await client.post("/api/v1/jobs", content=huge, headers={"Content-Type": "application/json"}), 413)
        is_problem(await client.get("/api/v1/nothing-here"), 404)
        is_problem(await client.delete("/api/v1/jobs"), 405)
    assert await game.requesters.jobs(issued.requester) == []


async def test_the_docs_page_and_the_openapi_document_are_served(game: Game) -> None:
    async with api_client(game) as client:
        schema = (await client.get("/api/v1/openapi.json")).json()
        assert schema["openapi"].startswith("3.") and "/api/v1/jobs/{job_id}/start" in schema["paths"]
        page = await client.get("/docs")
        assert page.status_code == 200 and "/api/v1/openapi.json" in page.text and "https://" not in page.text
        assert "fetch(" in (await client.get("/docs/docs.js")).text


def _pack_dir(game: Game) -> Path:
    pack = text_pack("job-items", items=6)
    target = game.deps.settings.data_dir / "pack-for-job"
    write_pack(pack.manifest, pack.items, target)
    return target


async def test_every_route_of_the_api_is_in_the_openapi_document(game: Game) -> None:
    from starlette.routing import Mount, Route

    from web import requesters

    mounted = next(r for r in requesters.routes(game, game.deps.settings) if isinstance(r, Mount))
    served = {
        (method.lower(), "/api/v1" + route.path.replace(":int", ""))
        for route in mounted.routes
        if isinstance(route, Route) and route.path != "/openapi.json"
        for method in (route.methods or ()) - {"HEAD"}
    }
    async with api_client(game) as client:
        paths = (await client.get("/api/v1/openapi.json")).json()["paths"]
    documented = {(method, path) for path, ops in paths.items() for method in ops}
    assert documented == served


async def test_a_job_can_be_given_to_one_community_and_taken_back(game: Game) -> None:
    from sqlalchemy import select

    from core.db.tables import Community
    from core.types import CommunityRef

    await game.join_community(CommunityRef("telegram", "-100", "Labelers"), [])
    found = await game.deps.db.transaction(
        lambda s: s.scalar(select(Community.id).where(Community.external_id == "-100"))
    )
    issued = await game.requesters.add("Acme AI")
    async with api_client(game, key=issued.key) as client:
        created = await client.post("/api/v1/jobs", json={**JOB, "community_id": found})
        assert created.status_code == 201, created.text
        assert created.json()["community_id"] == found
        is_problem(await client.post("/api/v1/jobs", json={**JOB, "name": "Other", "community_id": "1"}), 422)
        opened = await client.patch(f"/api/v1/jobs/{created.json()['id']}", json={"community_id": None})
        assert opened.status_code == 200, opened.text
        assert opened.json()["community_id"] is None
