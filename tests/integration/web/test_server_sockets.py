"""The server's listening socket: accepted connections send small writes at once (TCP_NODELAY).

asyncio turns Nagle's algorithm off only on sockets created with proto IPPROTO_TCP; a socket made with proto 0
kept it on, and every response written in two parts (head, then body) waited for the client's delayed ACK,
about 40 ms per request."""

from __future__ import annotations

import asyncio
import socket

import pytest

from web.server import bind


@pytest.mark.parametrize("shared", [False, True])
async def test_accepted_connections_have_nagle_off(shared: bool) -> None:
    seen: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    listening = bind("127.0.0.1", 0, shared=shared)
    server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", listening.getsockname()[1])
        assert await asyncio.wait_for(seen, 5) != 0
        writer.close()
    finally:
        server.close()
        await server.wait_closed()
