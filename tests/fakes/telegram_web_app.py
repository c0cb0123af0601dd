"""Telegram's side of a Mini App launch: the init data it signs for a user opening the app, and the launch URL.

The hash follows Telegram's documented recipe, written out here on its own so the server's check is tested
against it rather than against itself.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import quote, urlencode

TOKEN = "123456789:AAH-mini-app-test-token_abcdefghijk"


def init_data(
    user_id: int,
    name: str = "Ada",
    *,
    auth_date: float,
    token: str = TOKEN,
    start_param: str | None = None,
    language_code: str = "en",
) -> str:
    fields = {
        "auth_date": str(int(auth_date)),
        "query_id": f"AAQ{user_id}",
        "user": json.dumps({"id": user_id, "first_name": name, "language_code": language_code}, separators=(",", ":")),
    }
    if start_param:
        fields["start_param"] = start_param
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    return urlencode({**fields, "hash": hmac.new(key, check.encode(), hashlib.sha256).hexdigest()})


def launch_fragment(data: str, theme: dict[str, str]) -> str:
    """What Telegram appends to the app's URL when it opens it."""
    return "#" + urlencode(
        {"tgWebAppData": data, "tgWebAppVersion": "7.0", "tgWebAppThemeParams": json.dumps(theme)}, quote_via=quote
    )
