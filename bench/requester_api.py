"""The requester API at scale, over HTTP to the real app under uvicorn: uploading 100,000 text items, paging the
results of a job with 1,000,000 answers, and webhook deliveries to a local receiver.

The server runs in a process of its own, as in production, so the client's work (it parses every page) is not
counted as the server's. The client pages as a requester's would: it asks for the next page (the response's
Link header) while it parses the one it has. peak_rss_mb is the bench's and the server's resident memory together.

Prints its figures; the last line is a JSON object with upload_items_per_s, results_items_per_s,
webhook_deliveries_per_s and peak_rss_mb. SQLite by default; `--postgres URL` for an empty PostgreSQL database.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import sys
import tempfile
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import open_game
from bench.campaigns import PeakRss
from bench.fill import fill_postgres, fill_sqlite
from core.clock import FixedClock
from core.content.limits import DEFAULT_LIMITS
from core.db.requester_tables import RequesterJob
from core.game import item_results
from core.game.game import Game
from tests.support import make_settings, plain_dsn
from web import requesters
from web.app import build_app
from web.requesters.delivery import deliver
from web.requesters.sender import Sender
from web.server import bind, serving

WHEN = datetime(2026, 1, 5, tzinfo=UTC)
JOB = {
    "kind": "bot_or_not",
    "name": "bench-upload",
    "question": "Written by a human or a bot?",
    "choices": [{"key": "human", "label": "Human"}, {"key": "bot", "label": "Bot"}],
}


async def upload(client: httpx.AsyncClient, work: Path, items: int) -> float:
    path = work / "items.jsonl"
    path.write_text("".join(f'{{"id": "u{i}", "text": "bench upload text number {i}"}}\n' for i in range(items)))
    job = (await client.post("/api/v1/jobs", json=JOB)).json()["id"]
    started = time.perf_counter()
    with path.open("rb") as body:
        done = await client.post(f"/api/v1/jobs/{job}/items", files={"file": ("items.jsonl", body)}, timeout=600)
    seconds = time.perf_counter() - started
    assert done.status_code == 201, done.text
    imported = done.json()["imported"]
    print(f"upload: {imported:,} items in {seconds:.1f} s")
    return imported / seconds


async def settle_job_one(game: Game, requester_id: int) -> int:
    """The fill's first campaign becomes the requester's job with every item settled, and its results written, as
    consensus would."""

    async def work(session):  # type: ignore[no-untyped-def]
        await session.execute(
            text("UPDATE item SET status = 'resolved', label = known_answer, confidence = 0.95 WHERE campaign_id = 1")
        )
        await session.run_sync(item_results.write_campaign, 1)
        await session.execute(insert(RequesterJob).values(campaign_id=1, requester_id=requester_id))
        return int((await session.execute(text("SELECT count(*) FROM item WHERE campaign_id = 1"))).scalar() or 0)

    return await game.deps.db.transaction(work)


async def vacuum_analyze(url: str) -> None:
    """What autovacuum does to a live database after bulk writes: without fresh statistics and visibility map,
    PostgreSQL pages by sorting the whole job and reads the answers from the heap (~3x slower per page)."""
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        for table in ("item", "assignment", "item_result"):
            await connection.execute(f"VACUUM ANALYZE {table}")
    finally:
        await connection.close()


async def page_results(client: httpx.AsyncClient) -> tuple[float, int, int]:
    items, answers = 0, 0
    started = time.perf_counter()
    pending: asyncio.Task[httpx.Response] | None = asyncio.create_task(client.get("/api/v1/jobs/1/results?limit=1000"))
    while pending is not None:
        response = await pending
        assert response.status_code == 200, response.text
        link = response.links.get("next")
        pending = asyncio.create_task(client.get(link["url"], timeout=120)) if link else None
        # Parsed on a thread: the loop meanwhile sends the next request, and the server answers it in its process.
        page = await asyncio.to_thread(response.json)
        assert (page["next_after"] is None) == (link is None)
        items += len(page["results"])
        answers += sum(len(item["answers"]) for item in page["results"])
    seconds = time.perf_counter() - started
    print(f"results: {items:,} settled items with {answers:,} answers in {seconds:.1f} s")
    return items / seconds, items, answers


def server(settings: Any, limits: Any, port: Any) -> None:
    """The API under uvicorn in its own process, on the bench's database, until terminated."""

    async def main() -> None:
        async with open_game(settings, clock=FixedClock(WHEN), seed=False) as game:
            sock = bind("127.0.0.1", 0, shared=False)
            async with serving(build_app(requesters.routes(game, settings, limits)), sock):
                port.value = sock.getsockname()[1]
                await asyncio.Event().wait()

    asyncio.run(main())


def receiver(port: Any, received: Any) -> None:
    """A minimal keep-alive HTTP receiver in its own process (a requester's server is elsewhere, not on our loop)."""

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":", 1)[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length")
                    ),
                    0,
                )
                await reader.readexactly(length)
                with received.get_lock():
                    received.value += 1
                writer.write(b"HTTP/1.1 204 No Content\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()

    async def main() -> None:
        server = await asyncio.start_server(serve, "127.0.0.1", 0)
        port.value = server.sockets[0].getsockname()[1]
        await server.serve_forever()

    asyncio.run(main())


async def webhooks(game: Game, client: httpx.AsyncClient, deliveries: int) -> float:
    port, received = multiprocessing.Value("i", 0), multiprocessing.Value("i", 0)
    process = multiprocessing.Process(target=receiver, args=(port, received), daemon=True)
    process.start()
    try:
        while port.value == 0:
            await asyncio.sleep(0.05)
        url = f"http://127.0.0.1:{port.value}/hook"
        assert (await client.put("/api/v1/webhook", json={"url": url})).status_code == 200
        sender = Sender()
        sent, started = 0, time.perf_counter()
        while sent < deliveries:
            sent += await deliver(game, sender)
        seconds = time.perf_counter() - started
        await sender.aclose()
    finally:
        process.terminate()
        process.join()
    print(f"webhooks: {sent:,} deliveries ({received.value:,} received) in {seconds:.1f} s")
    return received.value / seconds  # what reached the receiver, not what was tried


async def run(items: int, answers: int, deliveries: int, postgres: str | None) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="chatlabel-bench-"))
    url = postgres or f"sqlite+aiosqlite:///{work / 'bench.db'}"
    settings = make_settings(
        work,
        url,
        requesters_requests_per_minute="1000000",
        requesters_burst="100000",
        requesters_webhook_allow_private="true",
        requesters_webhook_batch="1000",
    )
    figures: dict[str, object] = {"database": "postgresql" if postgres else "sqlite"}
    async with open_game(settings, clock=FixedClock(WHEN), seed=False) as game:
        players = 20_000
        total = (answers * 4 // 3 // players + 1) * players  # campaign 1 holds three quarters of the items
        started = time.perf_counter()
        if postgres:
            await fill_postgres(url, players, 120_000, total, WHEN)
        else:
            await asyncio.to_thread(fill_sqlite, str(work / "bench.db"), players, 120_000, total, WHEN)
        print(f"filled {total:,} answers in {time.perf_counter() - started:.1f} s")
        issued = await game.requesters.add("bench")
        await settle_job_one(game, issued.requester.requester_id)
        if postgres:
            await vacuum_analyze(postgres)
        limits = replace(DEFAULT_LIMITS, max_items=max(items, 100_000), max_file_bytes=200 * 2**20)
        port = multiprocessing.Value("i", 0)
        api = multiprocessing.Process(target=server, args=(settings, limits, port), daemon=True)
        api.start()
        try:
            while port.value == 0:
                assert api.is_alive(), "the API server stopped during start-up"
                await asyncio.sleep(0.05)
            headers = {"Authorization": f"Bearer {issued.key}"}
            base = f"http://127.0.0.1:{port.value}"
            with PeakRss() as rss, PeakRss(api.pid) as api_rss:
                async with httpx.AsyncClient(base_url=base, headers=headers) as client:
                    figures["upload_items_per_s"] = round(await upload(client, work, items), 1)
                    per_s, settled, answered = await page_results(client)
                    figures["results_items_per_s"] = round(per_s, 1)
                    figures["results_items"], figures["results_answers"] = settled, answered
                    figures["webhook_deliveries_per_s"] = round(await webhooks(game, client, deliveries), 1)
        finally:
            api.terminate()
            api.join()
        figures["peak_rss_mb"] = round((rss.peak + api_rss.peak) / 2**20, 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000, help="text items uploaded in one file")
    parser.add_argument("--answers", type=int, default=1_000_000, help="answers behind the paged results")
    parser.add_argument("--deliveries", type=int, default=5_000, help="webhook deliveries sent")
    parser.add_argument("--postgres", help="an empty PostgreSQL database (postgresql+asyncpg://...)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.items, args.answers, args.deliveries, args.postgres))))


if __name__ == "__main__":
    main()
