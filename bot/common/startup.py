"""How a chat bot that fails to start is reported: one line, no secret, and the rest of the service runs on."""

from __future__ import annotations

import logging

log = logging.getLogger("chatlabel")

TOKEN_VARS = {"Telegram": "TELEGRAM_TOKEN", "Discord": "DISCORD_TOKEN"}


def not_started(platform: str, exc: BaseException, *, rejected: bool) -> None:
    """Log why `platform`'s bot is not running; the exception's text is masked like every log line."""
    if rejected:
        log.error("%s rejected %s; the %s bot is not running", platform, TOKEN_VARS[platform], platform)
    else:
        reason = " ".join(f"{type(exc).__name__}: {exc}".split())
        log.error("the %s bot could not start (%s); it is not running", platform, reason)
