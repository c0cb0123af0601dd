"""Telegram Mini App init data, validated exactly as Telegram documents it ("Validating data received via the
Mini App"): the secret key is HMAC-SHA256 of the bot token under the key "WebAppData"; the hash is HMAC-SHA256
of the data-check-string (every field but `hash`, as `key=value`, sorted by key, joined by line feeds) under that
secret key, in hex. `auth_date` must be fresh: a copied init data string is refused once the window has passed.

Pure: no I/O, the clock is a parameter.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl

MAX_INIT_DATA_BYTES = 4096  # Telegram's init data is a few hundred bytes; anything far larger is not from it
MAX_CACHED = 4096  # checked init data strings kept: about one per player with the app open


class InitDataError(Exception):
    """The init data is not Telegram's for this bot, or no longer fresh. The message names no secret."""


@dataclass(frozen=True, slots=True)
class WebAppUser:
    """The Telegram user who opened the app: the same identity as in chat (UserRef platform "telegram")."""

    id: int
    display_name: str
    auth_date: int
    start_param: str | None
    language_code: str | None = None  # the user's Telegram app language ("ru", "es-ES"), when Telegram sends it


def secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign(fields: dict[str, str], key: bytes) -> str:
    """The hash Telegram puts into init data made of `fields` (used by the tests and the local stand-in)."""
    return hmac.new(key, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def validate(init_data: str, key: bytes, *, now: float, max_age_seconds: int) -> WebAppUser:
    """The user the init data speaks for; InitDataError when it is forged, malformed, stale or from the future."""
    if not init_data or len(init_data) > MAX_INIT_DATA_BYTES:
        raise InitDataError("missing or oversized init data")
    found = _signed(init_data, key)
    # A minute of clock skew between Telegram and us is tolerated; more is not Telegram's doing.
    if now - found.auth_date > max_age_seconds or found.auth_date - now > 60:
        raise InitDataError("init data expired; reopen the app")
    return found


@lru_cache(maxsize=MAX_CACHED)
def _signed(init_data: str, key: bytes) -> WebAppUser:
    """The parsed fields of init data whose hash checks out. A player's app sends the same string on every call
    while it stays open, so the check runs once per string (per bot key); freshness is checked on every call.
    Refusals raise, and are not kept."""
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise InitDataError("malformed init data") from None
    fields = dict(pairs)
    if len(fields) != len(pairs):
        raise InitDataError("a field appears twice")  # two values for one key could be read two ways
    received = fields.get("hash", "")
    if not hmac.compare_digest(sign(fields, key).encode(), received.encode()):
        raise InitDataError("init data not signed by this bot")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError):
        raise InitDataError("init data without auth_date") from None
    user_id, name, language = _user(fields.get("user"))
    start = fields.get("start_param") or None
    return WebAppUser(user_id, name, auth_date=auth_date, start_param=start, language_code=language)


def _user(raw: str | None) -> tuple[int, str, str | None]:
    try:
        user = json.loads(raw or "")
        user_id = user["id"]
    except (ValueError, TypeError, KeyError):
        raise InitDataError("init data without a user") from None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or user_id <= 0:
        raise InitDataError("init data without a user")
    name = " ".join(str(user.get(part) or "") for part in ("first_name", "last_name")).strip()
    language = user.get("language_code")
    return user_id, name or str(user.get("username") or user_id), language[:16] if isinstance(language, str) else None
