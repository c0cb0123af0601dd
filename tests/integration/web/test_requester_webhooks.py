"""Webhooks to a real HTTP receiver (uvicorn on 127.0.0.1): signed, sent once per event, retried with backoff when
the receiver fails or hangs, failed after the last attempt, refused for private addresses unless allowed."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from core.clock import FixedClock
from core.game.deps import GameDeps
from core.game.game import Game
from core.game.requesters import signing
from tests.integration.admin.played import play
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, texts, upload
from tests.support import fund_pools, make_settings
from web.requesters.delivery import deliver
from web.requesters.sender import Sender
from web.server import bind, serving


@dataclass
class Receiver:
    mode: str = "ok"  # ok, fail or hang
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    url: str = ""


@asynccontextmanager
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver()

    async def hook(request: Request) -> Response:
        state.got.append((dict(request.headers), await request.body()))
        if state.mode == "hang":
            await asyncio.sleep(30)
        return Response(status_code=500 if state.mode == "fail" else 204)

    sock = bind("127.0.0.1", 0, shared=False)
    state.url = f"http://127.0.0.1:{sock.getsockname()[1]}/hook"
    async with serving(Starlette(routes=[Route("/hook", hook, methods=["POST"])]), sock):
        yield state


@asynccontextmanager
async def sending() -> AsyncIterator[Sender]:
    sender = Sender()
    try:
        yield sender
    finally:
        await sender.aclose()


def hooked(game: Game, tmp_path: Path, **knobs: str) -> Game:
    """The same game and database, with webhook settings for a test."""
    overrides = {"requesters_webhook_allow_private": "true", "requesters_webhook_timeout_seconds": "0.5"}
    overrides.update(knobs)
    settings = make_settings(game.deps.settings.data_dir, str(game.deps.db.engine.url), **overrides)
    deps: GameDeps = replace(game.deps, settings=settings)
    return Game(deps)


async def settled_job(game: Game, clock: FixedClock, key: str, url: str) -> tuple[int, str]:
    async with api_client(game, key=key) as client:
        secret = (await client.put("/api/v1/webhook", json={"url": url})).json()["secret"]
        job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6)
        await upload(client, job, "items.jsonl", jsonl(texts(3)))
        await fund_pools(game)  # a paid job starts only with a funded pool (an admin funds it, for now)
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
    for player in (1, 2, 3):
        await play(game, clock, player, None)
    return job, secret


async def test_settled_items_and_the_finished_job_are_delivered_once_and_signed(
    bare_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    game = hooked(bare_game, tmp_path)
    issued = await game.requesters.add("Acme AI")
    async with receiver() as hook, sending() as sender:
        job, secret = await settled_job(game, clock, issued.key, hook.url)
        assert await deliver(game, sender) == 4
        assert await deliver(game, sender) == 0  # each event once
        now = int(clock.now().timestamp())
        events = []
        for headers, body in hook.got:
            assert signing.verify(secret, headers["chatlabel-signature"], body, now)
            assert not signing.verify(secret, headers["chatlabel-signature"], body + b" ", now)
            events.append(json.loads(body))
        assert sorted(e["event"] for e in events) == ["item.settled"] * 3 + ["job.done"]
        assert {e["item"]["id"] for e in events if e["event"] == "item.settled"} == {"t0", "t1", "t2"}
        async with api_client(game, key=issued.key) as api:
            log = (await api.get(f"/api/v1/jobs/{job}/deliveries")).json()["deliveries"]
        assert [(d["status"], d["attempts"], d["last_status"]) for d in log] == [("delivered", 1, 204)] * 4


async def test_a_failing_or_hanging_receiver_is_retried_with_backoff_then_given_up(
    bare_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    game = hooked(bare_game, tmp_path, requesters_webhook_max_attempts="2", requesters_webhook_backoff_seconds="60")
    issued = await game.requesters.add("Acme AI")
    async with receiver() as hook, sending() as sender:
        job, _ = await settled_job(game, clock, issued.key, hook.url)
        hook.mode = "fail"
        assert await deliver(game, sender) == 4
        assert await deliver(game, sender) == 0  # not due before the backoff
        clock.advance(seconds=61)
        hook.mode = "hang"
        started = asyncio.get_running_loop().time()
        assert await deliver(game, sender) == 4
        assert asyncio.get_running_loop().time() - started < 5  # concurrently, each cut off at the timeout
        clock.advance(seconds=3600)
        assert await deliver(game, sender) == 0  # given up after the second attempt
        async with api_client(game, key=issued.key) as api:
            log = (await api.get(f"/api/v1/jobs/{job}/deliveries")).json()["deliveries"]
        assert {(d["status"], d["attempts"]) for d in log} == {("failed", 2)}
        assert {d["last_error"] for d in log} == {"no answer within 0.5 s"}
        assert len(hook.got) == 8


async def test_private_receivers_are_refused_unless_allowed(bare_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    game = hooked(bare_game, tmp_path, requesters_webhook_allow_private="false")
    issued = await game.requesters.add("Acme AI")
    async with receiver() as hook, sending() as sender:
        job, _ = await settled_job(game, clock, issued.key, hook.url)
        assert await deliver(game, sender) == 4
        assert hook.got == []
        async with api_client(game, key=issued.key) as api:
            log = (await api.get(f"/api/v1/jobs/{job}/deliveries")).json()["deliveries"]
            assert {d["last_error"] for d in log} == {"the receiver's address is not public"}
            bad = await api.put("/api/v1/webhook", json={"url": "ftp://example.org/x"})
            assert bad.status_code == 400 and "http(s)" in bad.json()["detail"]


async def test_two_runs_at_once_send_each_delivery_once(bare_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    """Two delivery runs (two workers' schedulers) claim in small batches side by side: each claims what the
    other has not (FOR UPDATE SKIP LOCKED on PostgreSQL), so every event reaches the receiver exactly once."""
    game = hooked(bare_game, tmp_path, requesters_webhook_batch="1")
    issued = await game.requesters.add("Acme AI")
    async with receiver() as hook, sending() as first, sending() as second:
        await settled_job(game, clock, issued.key, hook.url)
        await game.requesters.queue_webhook_events()
        sent = 0
        for _ in range(4):
            sent += sum(await asyncio.gather(deliver(game, first), deliver(game, second)))
        ids = [headers["chatlabel-delivery"] for headers, _ in hook.got]
    assert sent == 4 and len(ids) == 4 and len(set(ids)) == 4
