"""Logging for the `chatlabel` command: one format, quiet HTTP clients, and no secret in any line or traceback."""

from __future__ import annotations

import json
import logging
import sys
import threading
import traceback
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import TracebackType

from core.redaction import Redactor, from_environment
from core.settings import Settings

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx logs every request URL at INFO, and Telegram's URLs carry the bot token; APScheduler logs every job run.
QUIET = ("httpx", "httpcore", "hpack", "urllib3", "web3.providers", "aiohttp.access", "apscheduler")


class RedactingFormatter(logging.Formatter):
    """Formats with the handler's own formatter (message, traceback, stack), then masks the secrets."""

    def __init__(self, inner: logging.Formatter, redactor: Redactor) -> None:
        super().__init__()
        self.inner, self.redactor = inner, redactor

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor(self.inner.format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object per line (`chatlabel run --log-format json`), for log collectors; the traceback, when
    there is one, is a field of the same line. Each field is masked before it is encoded: JSON escapes would
    otherwise hide a secret holding a quote or a backslash from the masking of the whole line."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.redactor(record.getMessage()),
            "pid": record.process,
        }
        if record.exc_info:
            line["traceback"] = self.redactor(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = self.redactor(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False)


def configure(level: int, env: Mapping[str, str], *, as_json: bool = False) -> Redactor:
    """Install the format and the redaction on the root handlers; returns the redactor to add settings to."""
    redactor = from_environment(env)
    logging.basicConfig(level=level, format=FORMAT)
    logging.captureWarnings(True)  # warnings reach stderr through the handlers, redacted
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        inner = JsonFormatter(redactor) if as_json else handler.formatter or logging.Formatter(FORMAT)
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


# `threading.excepthook` may pass no exception value; `sys.excepthook` always does.
ExceptHook = Callable[[type[BaseException], BaseException | None, TracebackType | None], None]


def _excepthook(redactor: Redactor) -> ExceptHook:
    def hook(kind: type[BaseException], value: BaseException | None, tb: TracebackType | None) -> None:
        """An uncaught exception is printed like Python does, with the secrets masked."""
        sys.stderr.write(redactor("".join(traceback.format_exception(kind, value, tb))))

    return hook
