"""POSTs to requesters' webhook receivers over kept-alive HTTP/1.1 connections, at most a few at a time per
receiver: h11 (the protocol state machine httpx itself uses) on asyncio streams. A delivery is one small request
and a status line; httpx's pool and models cost several times the exchange itself, which capped a worker near a
hundred deliveries a second."""

from __future__ import annotations

import asyncio
import ssl
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import h11

PER_RECEIVER = 8  # connections kept to one receiver (scheme, host, port), and so its requests in flight
USER_AGENT = "chatlabel-webhooks"


class NotReached(Exception):
    """No HTTP answer: the receiver could not be connected to, or broke the exchange off (the cause is chained)."""


class _Stale(NotReached):
    """A kept connection the receiver had closed before it answered anything: the request goes on a fresh one."""


@dataclass(eq=False)
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    state: h11.Connection = field(default_factory=lambda: h11.Connection(h11.CLIENT))
    used: bool = False  # it has carried an exchange before this one
    answered: bool = False  # bytes of an answer arrived in this exchange

    async def exchange(self, request: bytes) -> int:
        """Send one whole request; the answer's status (its body is read and dropped)."""
        self.writer.write(request)
        await self.writer.drain()
        status = 0
        while True:
            event = self.state.next_event()
            if event is h11.NEED_DATA:
                data = await self.reader.read(65536)
                self.answered = self.answered or bool(data)
                self.state.receive_data(data)
            elif isinstance(event, h11.Response):
                status = event.status_code
            elif isinstance(event, h11.EndOfMessage):
                return status
            elif isinstance(event, h11.ConnectionClosed):
                raise h11.RemoteProtocolError("the receiver closed the connection")

    def reusable(self) -> bool:
        if self.state.our_state is h11.DONE and self.state.their_state is h11.DONE:
            self.state.start_next_cycle()
            self.used, self.answered = True, False
            return True
        return False

    def close(self) -> None:
        self.writer.close()


Origin = tuple[str, str, int]


@dataclass(eq=False)
class Sender:
    """One per process: its connections are kept between runs of the delivery job; `aclose` when done."""

    per_receiver: int = PER_RECEIVER
    tls: ssl.SSLContext = field(default_factory=ssl.create_default_context)
    _idle: defaultdict[Origin, list[_Connection]] = field(default_factory=lambda: defaultdict(list))
    _gates: dict[Origin, asyncio.Semaphore] = field(default_factory=dict)

    async def post(self, url: str, body: bytes, headers: dict[str, str]) -> int:
        """The receiver's HTTP status. Raises NotReached; the caller bounds the time (cancelling is safe)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise NotReached("not an http(s) URL")
        https = parts.scheme == "https"
        port = parts.port or (443 if https else 80)
        origin = (parts.scheme, parts.hostname, port)
        host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
        head = [("Host", host if parts.port is None else f"{host}:{port}"), ("User-Agent", USER_AGENT)]
        head += [*headers.items(), ("Content-Length", str(len(body)))]
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        gate = self._gates.setdefault(origin, asyncio.Semaphore(self.per_receiver))
        async with gate:
            idle = self._idle[origin]
            while idle:  # a kept connection the receiver has since closed fails at once: take the next one
                try:
                    return await self._send(origin, idle.pop(), target, head, body)
                except _Stale:
                    continue
            return await self._send(origin, await self._open(origin), target, head, body)

    async def _send(
        self, origin: Origin, connection: _Connection, target: str, head: list[tuple[str, str]], body: bytes
    ) -> int:
        state = connection.state
        try:
            request = state.send(h11.Request(method="POST", target=target, headers=head)) or b""
            request += (state.send(h11.Data(data=body)) or b"") + (state.send(h11.EndOfMessage()) or b"")
            status = await connection.exchange(request)
        except BaseException as exc:  # cancelled or timed out mid-exchange too: the connection is spoilt
            connection.close()
            if not isinstance(exc, OSError | h11.ProtocolError):
                raise
            if connection.used and not connection.answered:
                raise _Stale(type(exc).__name__) from exc
            raise NotReached(type(exc).__name__) from exc
        if connection.reusable():
            self._idle[origin].append(connection)
        else:
            connection.close()
        return status

    async def _open(self, origin: Origin) -> _Connection:
        scheme, hostname, port = origin
        try:
            reader, writer = await asyncio.open_connection(
                hostname, port, ssl=self.tls if scheme == "https" else None, limit=65536
            )
        except OSError as exc:
            raise NotReached(type(exc).__name__) from exc
        return _Connection(reader, writer)

    async def aclose(self) -> None:
        for connections in self._idle.values():
            for connection in connections:
                connection.close()
        self._idle.clear()
