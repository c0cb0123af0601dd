"""Webhook signatures and retry timing, pure. The receiver recomputes HMAC-SHA256(secret, "<t>.<body>") and
compares it with `v1` in constant time, and refuses old timestamps (a replayed delivery is then useless)."""

from __future__ import annotations

import hashlib
import hmac

HEADER = "Chatlabel-Signature"
MAX_BACKOFF_SECONDS = 3600.0


def signature(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, value: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does with the header (used by our tests and shown in the README)."""
    parts = dict(part.split("=", 1) for part in value.split(",") if "=" in part)
    if not parts.get("t", "").isdigit() or abs(now - int(parts["t"])) > tolerance:
        return False
    return hmac.compare_digest(parts.get("v1", ""), signature(secret, int(parts["t"]), body))


def backoff(attempts: int, base: float) -> float:
    """Seconds to wait after the `attempts`-th failure: base, 2 base, 4 base ... at most an hour."""
    return min(base * 2 ** max(0, attempts - 1), MAX_BACKOFF_SECONDS)
