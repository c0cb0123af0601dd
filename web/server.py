"""uvicorn inside the caller's event loop, on a socket we bind (with SO_REUSEPORT when workers share the port)."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator, Iterator

import uvicorn
from starlette.types import ASGIApp

STARTUP_TIMEOUT_SECONDS = 10.0


class _EmbeddedServer(uvicorn.Server):
    """The service owns SIGINT/SIGTERM (it stops the bots and the jobs too); uvicorn must not take them."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind(host: str, port: int, *, shared: bool) -> socket.socket:
    """A listening socket; `shared` lets every worker process bind the same port (the kernel spreads
    connections across them)."""
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on such sockets (else each response waits ~40 ms on
    # the client's delayed ACK between its head and its body).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if shared:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(2048)
    sock.setblocking(False)
    return sock


@contextlib.asynccontextmanager
async def serving(app: ASGIApp, sock: socket.socket) -> AsyncIterator[None]:
    """Serve `app` on `sock` until the block ends; requests in flight are finished first."""
    config = uvicorn.Config(app, lifespan="off", log_config=None, access_log=False, timeout_graceful_shutdown=5)
    server = _EmbeddedServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]), name="chatlabel-http")
    try:
        async with asyncio.timeout(STARTUP_TIMEOUT_SECONDS):
            while not server.started:
                if task.done():
                    task.result()  # raises what stopped it
                    raise RuntimeError("the HTTP server stopped during start-up")
                await asyncio.sleep(0.01)
        yield
    finally:
        server.should_exit = True
        await asyncio.gather(task, return_exceptions=True)
        sock.close()
