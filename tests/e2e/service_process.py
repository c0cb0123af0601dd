"""`chatlabel run` as its own process, for test_service_secrets.py.

The Telegram side talks HTTP to the fake Bot API whose address the environment names. Discord's REST edge
(`HTTPClient.request`, the one coroutine every REST call of discord.py goes through) answers 401 to every
call, as Discord does for a revoked token: the tests have no network and no Discord gateway.
"""

from __future__ import annotations

import sys
from typing import Any

import discord.http

import cli
from tests.fakes.discord_limits import DiscordApiError


async def _token_rejected(self: discord.http.HTTPClient, route: discord.http.Route, **_: Any) -> Any:
    raise DiscordApiError(401, 0, "401: Unauthorized").to_exception()


if __name__ == "__main__":
    discord.http.HTTPClient.request = _token_rejected  # type: ignore[method-assign]
    sys.exit(cli.main(["run"]))
