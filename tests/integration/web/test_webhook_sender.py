"""The webhook sender against a raw HTTP/1.1 receiver on 127.0.0.1 that counts connections and requests in
flight: connections are kept and reused, at most `per_receiver` of them at once, a kept connection the receiver
closed meanwhile is replaced without losing the request, a "Connection: close" answer is honoured, and a
receiver that cannot be reached or breaks off is reported as NotReached."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

import pytest

from web.requesters.sender import NotReached, Sender


@dataclass
class Counts:
    url: str = ""
    connections: int = 0
    requests: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    bodies: list[bytes] = field(default_factory=list)
    answer: bytes = b"HTTP/1.1 204 No Content\r\n\r\n"
    open_writers: list[asyncio.StreamWriter] = field(default_factory=list)


@asynccontextmanager
async def raw_receiver() -> AsyncIterator[Counts]:
    counts = Counts()

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        counts.connections += 1
        counts.open_writers.append(writer)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next(
                    int(line.split(b":", 1)[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length")
                )
                counts.in_flight += 1
                counts.most_in_flight = max(counts.most_in_flight, counts.in_flight)
                counts.bodies.append(await reader.readexactly(length))
                await asyncio.sleep(0.01)  # long enough for the other requests to pile up
                counts.requests += 1
                counts.in_flight -= 1
                writer.write(counts.answer)
                await writer.drain()
                if b"close" in counts.answer.lower():
                    break
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    counts.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/hook?job=1"
    try:
        yield counts
    finally:
        server.close()


async def test_connections_are_kept_and_bounded_per_receiver() -> None:
    sender = Sender(per_receiver=3)
    async with raw_receiver() as hook:
        bodies = [f'{{"n":{n}}}'.encode() for n in range(30)]
        statuses = await asyncio.gather(
            *(sender.post(hook.url, b, {"Content-Type": "application/json"}) for b in bodies)
        )
        assert statuses == [204] * 30 and sorted(hook.bodies) == sorted(bodies)
        assert hook.connections == 3 and hook.most_in_flight <= 3  # three opened at once, never more
        assert await sender.post(hook.url, b"{}", {}) == 204 and hook.connections == 3  # kept for the next run
        await sender.aclose()


async def test_a_kept_connection_the_receiver_closed_is_replaced() -> None:
    sender = Sender()
    async with raw_receiver() as hook:
        assert await sender.post(hook.url, b"{}", {}) == 204
        for writer in hook.open_writers:  # the receiver drops its idle connections
            writer.close()
        await asyncio.sleep(0.05)
        assert await sender.post(hook.url, b'{"again":1}', {}) == 204
        assert hook.connections == 2 and hook.bodies == [b"{}", b'{"again":1}']
        await sender.aclose()


async def test_an_answer_that_closes_is_honoured_and_errors_are_not_reached() -> None:
    sender = Sender()
    async with raw_receiver() as hook:
        hook.answer = b"HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 4\r\n\r\noops"
        assert [await sender.post(hook.url, b"{}", {}) for _ in range(2)] == [500, 500]
        assert hook.connections == 2
        hook.answer = b"not http at all\r\n\r\n"
        with pytest.raises(NotReached, match="RemoteProtocolError"):
            await sender.post(hook.url, b"{}", {})
    with pytest.raises(NotReached, match="ConnectionRefusedError"):  # nobody listens there any more
        await sender.post(hook.url, b"{}", {})
    await sender.aclose()
