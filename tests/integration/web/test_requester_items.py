"""Items in and labels out through the API: uploads with their per-row rejection report (hostile ones refused
whole), gold items, item states, results paging and streamed exports."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import datetime

import httpx
import pyarrow.parquet as pq

from core.clock import FixedClock
from core.content.limits import DEFAULT_LIMITS
from core.game.game import Game
from tests.integration.admin.played import play
from tests.integration.web.requester_support import JOB, api_client, is_problem
from tests.support import fund_pools


def jsonl(rows: list[dict[str, object]]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def texts(n: int, *, gold_every: int = 0) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for i in range(n):
        row: dict[str, object] = {"id": f"t{i}", "text": f"text {i}"}
        if gold_every and i % gold_every == 0:
            row.update(known_answer=["human", "bot"][i % 2], gold=True)
        rows.append(row)
    return rows


async def new_job(client: httpx.AsyncClient, **terms: object) -> int:
    created = await client.post("/api/v1/jobs", json={**JOB, **terms})
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


async def upload(client: httpx.AsyncClient, job: int, name: str, body: bytes, what: str = "items") -> httpx.Response:
    return await client.post(f"/api/v1/jobs/{job}/{what}", files={"file": (name, body)})


async def test_an_upload_imports_the_good_rows_and_names_every_refused_one(bare_game: Game) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    async with api_client(bare_game, key=issued.key) as client:
        job = await new_job(client)
        rows = [*texts(4), {"id": "t0", "text": "again"}, {"id": "x", "text": "y", "known_answer": "cat"}]
        body = jsonl(rows) + b"{not json\n" + jsonl([{"id": "long", "text": "z" * 5000}])
        done = await upload(client, job, "batch.jsonl", body)
        assert done.status_code == 201, done.text
        report = done.json()
        assert report["imported"] == 4
        reasons = " | ".join(f"{r['where']}: {r['reason']}" for r in report["rejected"])
        assert len(report["rejected"]) == 4, reasons
        assert "duplicate id 't0'" in reasons and "'cat'" in reasons and "items.jsonl:7:" in reasons
        listed = (await client.get(f"/api/v1/jobs/{job}/items")).json()
        assert [i["id"] for i in listed["items"]] == ["t0", "t1", "t2", "t3"]
        assert {i["state"] for i in listed["items"]} == {"open"} and listed["next_after"] is None
        # The same file again: every row is already there, so nothing is imported and each row says why.
        again = await upload(client, job, "batch.jsonl", jsonl(texts(4)))
        assert len(is_problem(again, 422)["rejected"]) >= 4  # type: ignore[arg-type]
        table = io.StringIO()
        writer = csv.DictWriter(table, fieldnames=["id", "text"])
        writer.writeheader()
        writer.writerows({"id": f"c{i}", "text": f"text {i}"} for i in range(3))
        assert (await upload(client, job, "more.CSV", table.getvalue().encode())).json()["imported"] == 3
    assert (await bare_game.requesters.job(issued.requester, job)).items == 7


async def test_gold_items_need_their_answers(bare_game: Game) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    async with api_client(bare_game, key=issued.key) as client:
        job = await new_job(client)
        rows = [{"id": "g1", "text": "text 1", "known_answer": "bot"}, {"id": "g2", "text": "text 2"}]
        done = (await upload(client, job, "gold.jsonl", jsonl(rows), "gold")).json()
        assert (done["imported"], done["gold"]) == (1, 1)
        assert "known answer" in done["rejected"][0]["reason"]
        listed = (await client.get(f"/api/v1/jobs/{job}/items")).json()["items"]
        assert [(i["id"], i["gold"]) for i in listed] == [("g1", True)]
        is_problem(await upload(client, job, "gold.zip", b"PK\x05\x06" + b"\0" * 18, "gold"), 422)


async def test_hostile_and_oversized_uploads_are_refused_and_import_nothing(bare_game: Game) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    limits = replace(DEFAULT_LIMITS, max_upload_bytes=64 * 1024)
    async with api_client(bare_game, key=issued.key, limits=limits) as client:
        job = await new_job(client)
        escaping = io.BytesIO()
        with zipfile.ZipFile(escaping, "w") as archive:
            archive.writestr("../../escape.jsonl", jsonl(texts(2)))
        bomb = io.BytesIO()
        with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("items.jsonl", b"0" * (30 * 1024 * 1024))
        is_problem(await upload(client, job, "evil.zip", escaping.getvalue()), 422)
        is_problem(await upload(client, job, "bomb.zip", bomb.getvalue()), 422)
        is_problem(await upload(client, job, "big.jsonl", jsonl(texts(8000))), 413)
        unsized = await client.post(  # no Content-Length: the cap counts the bytes as they arrive
            f"/api/v1/jobs/{job}/items",
            content=_chunked(200 * 1024),
            headers={"Content-Type": "multipart/form-data; boundary=b"},
        )
        is_problem(unsized, 413)
        is_problem(await upload(client, job, "notes.txt", b"hello"), 422)
        is_problem(await upload(client, job, "bad.jsonl", b"\xff\xfe\x00garbage"), 422)
        is_problem(await client.post(f"/api/v1/jobs/{job}/items", json={"id": "x"}), 415)
        is_problem(await client.post(f"/api/v1/jobs/{job}/items", files={"other": ("a.jsonl", b"{}")}), 422)
        assert (await client.get(f"/api/v1/jobs/{job}/items")).json()["items"] == []
    assert not any((bare_game.deps.settings.data_dir / "uploads").glob("*/*"))  # nothing left behind


async def test_uploads_to_someone_elses_or_a_closed_job_are_refused_before_reading(bare_game: Game) -> None:
    owner = await bare_game.requesters.add("Owner")
    other = await bare_game.requesters.add("Other")
    async with api_client(bare_game, key=owner.key) as client:
        job = await new_job(client)
        await client.post(f"/api/v1/jobs/{job}/close")
        is_problem(await upload(client, job, "items.jsonl", jsonl(texts(2))), 409)
    async with api_client(bare_game, key=other.key) as client:
        is_problem(await upload(client, job, "items.jsonl", jsonl(texts(2))), 404)
        is_problem(await client.get(f"/api/v1/jobs/{job}/results"), 404)
        is_problem(await client.get(f"/api/v1/jobs/{job}/export?format=csv"), 404)


async def test_settled_items_are_paged_with_their_answers_and_exported(bare_game: Game, clock: FixedClock) -> None:
    issued = await bare_game.requesters.add("Acme AI")
    async with api_client(bare_game, key=issued.key) as client:
        job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6)
        await upload(client, job, "items.jsonl", jsonl(texts(6)))
        await fund_pools(bare_game)  # a paid job starts only with a funded pool (an admin funds it, for now)
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
        for player in (1, 2, 3):
            await play(bare_game, clock, player, None)
        first = (await client.get(f"/api/v1/jobs/{job}/results?limit=4")).json()
        assert len(first["results"]) == 4 and first["next_after"] is not None
        rest = (await client.get(f"/api/v1/jobs/{job}/results?limit=4&after={first['next_after']}")).json()
        settled = first["results"] + rest["results"]
        assert rest["next_after"] is None and len(settled) == 6
        for item in settled:
            expected = ["human", "bot"][int(item["id"][1:]) % 2]
            assert (item["label"], item["ambiguous"], item["label_counts"]) == (expected, False, {expected: 3})
            assert len(item["answers"]) == 3 and item["confidence"] > 0.6
            times = [answer["answered_at"] for answer in item["answers"]]
            assert times == sorted(times) and all(datetime.fromisoformat(t).utcoffset() is not None for t in times)
            assert all(answer["counted"] and answer["worker"].startswith("w") for answer in item["answers"])
        is_problem(await client.get(f"/api/v1/jobs/{job}/results?limit=-1"), 422)
        exported = await client.get(f"/api/v1/jobs/{job}/export?format=jsonl")
        assert exported.status_code == 200 and exported.headers["content-type"].startswith("application/x-ndjson")
        lines = [json.loads(line) for line in exported.text.splitlines() if line.strip()]
        assert len(lines) == 6
        # The other exports stream through the same call, each a whole file of the six items.
        spreadsheet = await client.get(f"/api/v1/jobs/{job}/export?format=csv")
        assert spreadsheet.headers["content-type"].startswith("text/csv")
        assert len(list(csv.DictReader(io.StringIO(spreadsheet.text)))) == 6
        studio = await client.get(f"/api/v1/jobs/{job}/export?format=label_studio")
        assert studio.headers["content-disposition"].endswith('.json"') and len(studio.json()) == 6
        columnar = await client.get(f"/api/v1/jobs/{job}/export?format=parquet")
        assert pq.read_table(io.BytesIO(columnar.content)).num_rows == 6
        is_problem(await client.get(f"/api/v1/jobs/{job}/export?format=xlsx"), 400)
    assert not any((bare_game.deps.settings.data_dir / "exports").rglob("job*"))  # the file went with the response


async def _chunked(size: int) -> AsyncIterator[bytes]:
    yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.jsonl"\r\n\r\n'
    for _ in range(size // 1024):
        yield b"x" * 1024
    yield b"\r\n--b--\r\n"
