"""The Mini App's JSON answers, on every call: a body from one encoder made once, and headers that say no cache
may keep them (each is one player's state).

Starlette's JSONResponse makes a new encoder for every body and encodes headers given as a mapping anew each
time; on the answer path, a call per swipe, that is work worth doing once.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import Response

_ENCODE = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_NO_STORE = (b"cache-control", b"no-store")


class Json(Response):
    media_type = "application/json"

    def __init__(self, content: Any, status_code: int = 200) -> None:
        super().__init__(content, status_code)  # the body, then its content-length and content-type
        self.raw_headers.append(_NO_STORE)

    def render(self, content: Any) -> bytes:
        return _ENCODE(content).encode()
