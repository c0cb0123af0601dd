"""API keys, pure: `clk_<key id>_<secret>`. The key id finds the row; only a SHA-256 of the secret is stored,
which is enough because the secret is 256 random bits (no dictionary to try it against)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

PREFIX = "clk"
SCOPES = ("jobs:read", "jobs:write", "money:write")
KEY = re.compile(r"clk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})")


@dataclass(frozen=True, slots=True)
class NewKey:
    key_id: str
    secret: str

    @property
    def text(self) -> str:
        return f"{PREFIX}_{self.key_id}_{self.secret}"


def new_key() -> NewKey:
    return NewKey(secrets.token_hex(6), secrets.token_urlsafe(32))


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse(text: str) -> tuple[str, str] | None:
    """(key id, secret), or None for anything that is not shaped like one of our keys."""
    found = KEY.fullmatch(text.strip())
    return (found.group(1), found.group(2)) if found else None


def matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(digest(secret), stored_hash)


def parse_scopes(text: str) -> tuple[str, ...]:
    """Scopes as an admin types them (comma or space separated); all of them by default."""
    given = tuple(part for part in re.split(r"[\s,]+", text.strip()) if part) or SCOPES
    unknown = [scope for scope in given if scope not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scope {unknown[0]!r}; scopes: {', '.join(SCOPES)}")
    return tuple(dict.fromkeys(given))
