"""The chat platforms' sections and who the admins are on each."""

from __future__ import annotations

import re
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator

from core.settings.base import Section

WEBHOOK_SECRET_MIN = 32  # about 190 bits of A-Z a-z 0-9 _ -: beyond guessing at any request rate
# A group quiz stays open at most a week.
MAX_QUIZ_MINUTES = 7 * 24 * 60


class TelegramSettings(Section):
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    # Webhook mode when set (several workers behind one HTTPS address); long polling otherwise.
    webhook_url: str = ""
    webhook_secret: str = ""
    # Our own pacing under Telegram's limits; off only to measure the stack against a local fake (bench/).
    rate_limiter: bool = True
    # UTC hour at which every community with the daily quiz on gets one; how long a group quiz stays open.
    daily_quiz_hour: Annotated[int, Field(ge=0, le=23)] = 12
    quiz_minutes: Annotated[int, Field(ge=1, le=MAX_QUIZ_MINUTES)] = 60

    @model_validator(mode="after")
    def _webhook(self) -> Self:
        # Telegram only calls HTTPS webhooks; a loopback address is allowed for a local Bot API server.
        if self.webhook_url and not self.webhook_url.startswith(("https://", "http://127.0.0.1")):
            raise ValueError("webhook_url must be an https:// URL (Telegram only calls HTTPS webhooks)")
        if self.webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", self.webhook_secret):
            raise ValueError("webhook_secret may hold 1-256 characters A-Z, a-z, 0-9, _ and -")
        # Without the secret anyone who finds the URL can POST updates in any user's name, admins included.
        if self.webhook_url and len(self.webhook_secret) < WEBHOOK_SECRET_MIN:
            raise ValueError(
                f"webhook mode needs webhook_secret of at least {WEBHOOK_SECRET_MIN} characters "
                "(set CHATLABEL_TELEGRAM_WEBHOOK_SECRET, e.g. from `openssl rand -hex 32`)"
            )
        return self


class MiniAppSettings(Section):
    """The Telegram Mini App served under /app by the HTTP server."""

    # The HTTPS address at which Telegram opens the app (the server's /app/ behind the proxy); empty: no menu
    # button and no "Play in the app" button (the routes are still served, e.g. for a local test).
    public_url: str = ""
    # Init data older than this is refused: a leaked copy cannot be replayed for long.
    init_data_max_age_seconds: Annotated[int, Field(ge=10, le=7 * 24 * 3600)] = 3600
    # Production loads Telegram's own script; tests point this at the local stand-in under /app/static/.
    telegram_script_url: str = "https://telegram.org/js/telegram-web-app.js"

    @model_validator(mode="after")
    def _https(self) -> Self:
        # Telegram opens Web Apps only over HTTPS.
        if self.public_url and not self.public_url.startswith(("https://", "http://127.0.0.1")):
            raise ValueError("public_url must be an https:// URL (Telegram opens Mini Apps only over HTTPS)")
        return self


class DiscordSettings(Section):
    # Servers whose command list is synced at once on start (global commands take up to an hour to appear).
    command_guilds: tuple[int, ...] = ()
    # The bot's install link shown by /invite next to the code (Discord has no deep links into a bot).
    install_url: str = ""
    # UTC hour at which each server's configured quiz channel gets its daily quiz; how long a quiz stays open.
    daily_quiz_hour: Annotated[int, Field(ge=0, le=23)] = 12
    quiz_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60
    # A command whose core call takes longer than this is deferred (Discord waits 3 seconds for a first answer).
    defer_after_seconds: Annotated[float, Field(gt=0, le=2.5)] = 1.5


class AdminSettings(Section):
    """Who may run campaigns: external ids per platform (as strings; Telegram and Discord ids are numbers)."""

    telegram: tuple[str, ...] = ()
    discord: tuple[str, ...] = ()
    console: tuple[str, ...] = ()
    # How long the platform's word on who administers a group holds before a moderator command asks it again.
    moderator_check_seconds: Annotated[int, Field(ge=1, le=3600)] = 60

    @field_validator("telegram", "discord", "console", mode="before")
    @classmethod
    def _ids(cls, value: Any) -> Any:
        # From the environment one id arrives as a bare number or "1,2"; ids are compared as text.
        if isinstance(value, str):
            value = [part for part in value.split(",") if part.strip()]
        elif isinstance(value, int):
            value = [value]
        if isinstance(value, list | tuple):
            return tuple(str(part).strip() for part in value)
        return value
