"""Requesters' API keys: shown once, kept only as a hash, scoped, revocable, rate-limited; bad keys refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from cli import main
from core.db.requester_tables import Requester
from core.errors import RequesterError
from core.game.game import Game
from tests.integration.web.requester_support import JOB, api_client, is_problem
from tests.support import make_settings


async def test_a_key_is_shown_once_and_only_its_hash_is_kept(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    assert issued.key.startswith("clk_") and issued.requester.scopes == ("jobs:read", "jobs:write", "money:write")
    row = await game.deps.db.transaction(lambda s: s.scalar(select(Requester)))
    assert row is not None
    stored = " ".join(str(value) for value in row.model_dump().values())
    assert issued.key.split("_", 2)[2] not in stored  # the secret (it may itself contain "_")
    assert (await game.requesters.authenticate(issued.key)).name == "Acme AI"
    with pytest.raises(RequesterError):
        await game.requesters.add("Acme AI")


async def test_missing_malformed_unknown_wrong_and_revoked_keys_are_refused(game: Game) -> None:
    issued = await game.requesters.add("Acme AI")
    key_id = issued.key.split("_")[1]
    wrong_secret = f"clk_{key_id}_{'A' * 43}"
    unknown = f"clk_{'0' * 12}_{'A' * 43}"
    async with api_client(game) as client:
        assert (await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {issued.key}"})).status_code == 200
        for header in ("", "Bearer", "Basic abc", "Bearer not-a-key", f"Bearer {unknown}", f"Bearer {wrong_secret}"):
            response = await client.get("/api/v1/jobs", headers={"Authorization": header} if header else {})
            assert is_problem(response, 401)["detail"] == "The API key is missing, malformed, unknown or revoked."
            assert response.headers["www-authenticate"].startswith("Bearer")
        await game.requesters.revoke("Acme AI")
        revoked = await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {issued.key}"})
        is_problem(revoked, 401)
    assert [r.active for r in await game.requesters.list()] == [False]


async def test_a_key_without_the_scope_is_refused_before_anything_is_written(game: Game) -> None:
    issued = await game.requesters.add("Reader", "jobs:read")
    async with api_client(game, key=issued.key) as client:
        is_problem(await client.post("/api/v1/jobs", json=JOB), 403)
        assert (await client.get("/api/v1/jobs")).json() == {"jobs": []}
    assert await game.requesters.jobs(issued.requester) == []
    with pytest.raises(RequesterError):
        await game.requesters.add("Other", "jobs:read everything")


async def test_each_key_has_its_own_rate_limit(game: Game, tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, str(game.deps.db.engine.url), requesters_burst="3", requesters_requests_per_minute="1"
    )
    first = await game.requesters.add("First")
    second = await game.requesters.add("Second")
    async with api_client(game, settings) as client:
        calls = [await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {first.key}"}) for _ in range(4)]
        assert [r.status_code for r in calls] == [200, 200, 200, 429]
        is_problem(calls[-1], 429)
        assert int(calls[-1].headers["retry-after"]) >= 1
        other = await client.get("/api/v1/jobs", headers={"Authorization": f"Bearer {second.key}"})
        assert other.status_code == 200


def test_the_command_line_adds_lists_and_revokes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CHATLABEL_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CHATLABEL_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")
    assert main(["requester", "add", "Acme AI", "--scopes", "jobs:read"]) == 0
    added = capsys.readouterr().out
    assert "clk_" in added and "shown only now" in added
    assert main(["requester", "add", "Acme AI"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["requester", "list"]) == 0
    listed = capsys.readouterr().out
    assert "Acme AI" in listed and "live" in listed and "clk_" not in listed
    assert main(["requester", "revoke", "Acme AI"]) == 0
    assert main(["requester", "list"]) == 0
    assert "revoked" in capsys.readouterr().out
    assert main(["requester", "revoke", "Nobody"]) == 1
