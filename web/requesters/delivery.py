"""The webhook delivery job: queue new events, POST the due ones (signed, concurrently, each with a timeout, over
the sender's kept-alive connections), record each outcome. The scheduler's lease runs it once at a time across
workers; claimed rows make a second run skip what the first is still sending."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from core.content.fetch import is_public
from core.game.game import Game
from core.game.requesters import signing
from core.game.requesters.webhooks import Attempt, Due
from web.requesters.sender import NotReached, Sender

CONCURRENCY = 50  # requests in flight in one run, whatever the receivers (each has its own bound too)


async def deliver(game: Game, sender: Sender) -> int:
    """One run; returns how many deliveries were attempted."""
    await game.requesters.queue_webhook_events()
    due = await game.requesters.claim_due_webhooks()
    if not due:
        return 0
    rules = game.deps.settings.requesters
    gate = asyncio.Semaphore(CONCURRENCY)
    now = int(game.deps.clock.now().timestamp())
    # Each receiver's host is looked up once a run, not once per delivery.
    hosts = [] if rules.webhook_allow_private else list({_host(d.url) for d in due})
    refusals = dict(zip(hosts, await asyncio.gather(*map(_not_public, hosts)), strict=True))

    async def one(delivery: Due) -> Attempt:
        refusal = refusals.get(_host(delivery.url))
        if refusal is not None:
            return Attempt(delivery.delivery_id, False, None, refusal)
        async with gate:
            return await _send(sender, delivery, now, rules.webhook_timeout_seconds)

    attempts = await asyncio.gather(*(one(d) for d in due))
    await game.requesters.record_webhook_attempts(list(attempts))
    return len(attempts)


async def _send(sender: Sender, delivery: Due, now: int, timeout: float) -> Attempt:
    body = delivery.body.encode()
    headers = {
        "Content-Type": "application/json",
        signing.HEADER: signing.header(delivery.secret, now, body),
        "Chatlabel-Event": delivery.event,
        "Chatlabel-Delivery": str(delivery.delivery_id),
    }
    try:
        async with asyncio.timeout(timeout):  # the whole exchange: a receiver trickling bytes is cut off too
            status = await sender.post(delivery.url, body, headers)
    except TimeoutError:
        return Attempt(delivery.delivery_id, False, None, f"no answer within {timeout:g} s")
    except NotReached as exc:
        return Attempt(delivery.delivery_id, False, None, f"not reached ({exc})")
    ok = 200 <= status < 300
    return Attempt(delivery.delivery_id, ok, status, None if ok else f"answered {status}")


def _host(url: str) -> str:
    return urlsplit(url).hostname or ""


async def _not_public(host: str) -> str | None:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except OSError:
        return "host cannot be resolved"
    for info in infos:
        if not is_public(ipaddress.ip_address(info[4][0])):
            return "the receiver's address is not public"
    return None
