"""An HTTP server on 127.0.0.1 that answers each path with raw bytes, slowly or broken on purpose."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

Reply = Callable[[socket.socket], None]


def raw(data: bytes) -> Reply:
    """Send `data` as it is and close."""
    return lambda conn: conn.sendall(data)


def trickle(head: bytes, byte_every_s: float, count: int) -> Reply:
    """Send `head`, then one byte every `byte_every_s` seconds, `count` times."""

    def reply(conn: socket.socket) -> None:
        conn.sendall(head)
        for _ in range(count):
            time.sleep(byte_every_s)
            conn.sendall(b"x")

    return reply


@dataclass
class HostileServer:
    routes: dict[str, Reply]
    requests: list[bytes] = field(default_factory=list)
    _sock: socket.socket = field(default_factory=socket.socket)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def start(self) -> HostileServer:
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        threading.Thread(target=self._serve, daemon=True).start()
        return self

    def close(self) -> None:
        self._sock.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                request = conn.recv(65536)
                self.requests.append(request)
                path = request.split(b" ")[1].decode() if request.count(b" ") >= 2 else ""
                self.routes.get(path, raw(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"))(conn)
            except OSError:
                pass  # the client gave up: exactly what a deadline should make it do
