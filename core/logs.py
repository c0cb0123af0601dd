"""Logging for the `chatlabel` command: one format, quiet HTTP clients, and no secret in any line or traceback."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from types import TracebackType

from core.redaction import Redactor, from_environment
from core.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs every request URL at INFO, and Telegram's URLs carry the bot token.
QUIET = ("httpx", "httpcore", "hpack", "urllib3", "web3.providers", "aiohttp.access")


class RedactingFormatter(logging.Formatter):
    """Formats with the handler's own formatter (message, traceback, stack), then masks the secrets."""

    def __init__(self, inner: logging.Formatter, redactor: Redactor) -> None:
        super().__init__()
        self.inner, self.redactor = inner, redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor(self.inner.format(record))


def configure(level: int, env: Mapping[str, str]) -> Redactor:
    """Install the format and the redaction on the root handlers; returns the redactor to add settings to."""
    redactor = from_environment(env)
    logging.basicConfig(level=level, format=FORMAT)
    logging.captureWarnings(True)  # warnings reach stderr through the handlers, redacted
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        inner = handler.formatter or logging.Formatter(FORMAT)
        if not isinstance(inner, RedactingFormatter):
            handler.setFormatter(RedactingFormatter(inner, redactor))
    sys.excepthook = _excepthook(redactor)
    threading.excepthook = lambda args: _excepthook(redactor)(args.exc_type, args.exc_value, args.exc_traceback)
    return redactor


def add_settings(redactor: Redactor, settings: Settings) -> None:
    """Secrets that reached the settings from config.toml rather than the environment."""
    secrets = settings.secrets
    values = (secrets.telegram_token, secrets.discord_token, secrets.payout_key)
    redactor.add(value.get_secret_value() for value in values if value is not None)
    redactor.add([settings.telegram.webhook_secret])
    redactor.add_urls([settings.database.url, settings.chain.rpc])


ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def _excepthook(redactor: Redactor) -> ExceptHook:
    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        """An uncaught exception is printed like Python does, with the secrets masked."""
        sys.stderr.write(redactor("".join(traceback.format_exception(kind, value, tb))))

    return hook
