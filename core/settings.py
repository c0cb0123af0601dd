"""Typed settings: `config.toml`, then `CHATLABEL_<SECTION>_<KEY>` environment overrides, then secrets from env.

Built once by the composition root and passed down; nothing here runs at import time.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Self

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from core.types import TaskKind

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]
Positive = Annotated[int, Field(gt=0)]
NonNegative = Annotated[int, Field(ge=0)]

PLACEHOLDER_SECRETS = {"changeme", "change-me", "changethis", "secret", "token", "xxx", "..."}
SECRET_ENV = {
    "telegram_token": "TELEGRAM_TOKEN",
    "discord_token": "DISCORD_TOKEN",
    "payout_key": "CHATLABEL_PAYOUT_KEY",
}


class SettingsError(Exception):
    """One line naming the key, the value and what is allowed."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DatabaseSettings(Section):
    url: str = "sqlite+aiosqlite:///var/chatlabel.db"
    echo: bool = False

    @model_validator(mode="after")
    def _known_driver(self) -> Self:
        if not self.url.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return self


class Level(Section):
    key: str
    title: str
    kinds: tuple[TaskKind, ...]
    promote_min_gold: Positive = 10
    promote_accuracy: Fraction = 0.8
    demote_accuracy: Fraction = 0.5
    window: Annotated[int, Field(gt=0, le=64)] = 20
    community_only: bool = False


class LevelSettings(Section):
    ladder: tuple[Level, ...] = Field(min_length=1)
    level_up_points: NonNegative = 50

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        keys = [level.key for level in self.ladder]
        if len(set(keys)) != len(keys):
            raise ValueError(f"level keys must be unique, got {keys}")
        for level in self.ladder:
            if level.demote_accuracy >= level.promote_accuracy:
                raise ValueError(f"level {level.key}: demote_accuracy must be below promote_accuracy")
            if level.window < level.promote_min_gold:
                raise ValueError(f"level {level.key}: window must be at least promote_min_gold")
        return self


class TaskSettings(Section):
    gold_rate: Fraction = 0.2
    first_gold: NonNegative = 3
    min_answer_seconds: Annotated[float, Field(ge=0.0, le=60.0)] = 1.5
    max_answers_per_hour: Positive = 600
    assignment_ttl_minutes: Positive = 30
    default_min_overlap: Positive = 3
    default_max_overlap: Positive = 7
    candidates: Positive = 8


class PointSettings(Section):
    answer: NonNegative = 0
    per_resolved_item: NonNegative = 10


class CheckInSettings(Section):
    day_starts_at_hour: Annotated[int, Field(ge=0, le=23)] = 0
    grace_days: Annotated[int, Field(ge=0, le=7)] = 1
    base_points: NonNegative = 5
    step_points: NonNegative = 5
    max_points: NonNegative = 50


class ReferralSettings(Section):
    inviter_points: NonNegative = 100
    invitee_points: NonNegative = 20
    code_length: Annotated[int, Field(ge=6, le=16)] = 8


class LinkSettings(Section):
    code_ttl_minutes: Positive = 15


class ScheduleSettings(Section):
    streak_reminder_hour: Annotated[int, Field(ge=0, le=23)] = 18
    notice_poll_seconds: Annotated[float, Field(gt=0, le=3600)] = 2.0


class TelegramSettings(Section):
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    # Webhook mode when set (several workers behind one HTTPS address); long polling otherwise.
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1"
    webhook_port: Annotated[int, Field(ge=1, le=65535)] = 8443
    webhook_secret: str = ""
    # UTC hour at which every community with the daily quiz on gets one; how long a group quiz stays open.
    daily_quiz_hour: Annotated[int, Field(ge=0, le=23)] = 12
    quiz_minutes: Annotated[int, Field(ge=1, le=7 * 24 * 60)] = 60

    @model_validator(mode="after")
    def _webhook(self) -> Self:
        # Telegram only calls HTTPS webhooks; a loopback address is allowed for a local Bot API server.
        if self.webhook_url and not self.webhook_url.startswith(("https://", "http://127.0.0.1")):
            raise ValueError("webhook_url must be an https:// URL (Telegram only calls HTTPS webhooks)")
        if self.webhook_secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", self.webhook_secret):
            raise ValueError("webhook_secret may hold 1-256 characters A-Z, a-z, 0-9, _ and -")
        return self


class DiscordSettings(Section):
    # Servers whose command list is synced at once on start (global commands take up to an hour to appear).
    command_guilds: tuple[int, ...] = ()
    # The bot's install link shown by /invite next to the code (Discord has no deep links into a bot).
    install_url: str = ""
    # UTC hour at which each server's configured quiz channel gets its daily quiz.
    daily_quiz_hour: Annotated[int, Field(ge=0, le=23)] = 12
    # A command whose core call takes longer than this is deferred (Discord waits 3 seconds for a first answer).
    defer_after_seconds: Annotated[float, Field(gt=0, le=2.5)] = 1.5


class AdminSettings(Section):
    """Who may run campaigns: external ids per platform (as strings; Telegram and Discord ids are numbers)."""

    telegram: tuple[str, ...] = ()
    discord: tuple[str, ...] = ()
    console: tuple[str, ...] = ()

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


class RewardSettings(Section):
    """Claims: points -> tokens, and when the batch payout runs (see [rewards] in config.toml)."""

    tokens_per_point: Annotated[Decimal, Field(gt=0, le=10**9)] = Decimal("0.01")
    token_decimals: Annotated[int, Field(ge=0, le=36)] = 18
    min_points: Positive = 100
    cooldown_hours: Annotated[float, Field(ge=0, le=24 * 365)] = 24.0
    proof_required: bool = True
    nonce_ttl_minutes: Positive = 15
    batch_minutes: Positive = 10
    batch_trigger: Positive = 50
    max_batch: Annotated[int, Field(ge=1, le=500)] = 500


class ChainSettings(Section):
    """Where payouts go (see [chain] in config.toml); an empty rpc means the embedded in-process chain."""

    rpc: str = ""
    contract: str = ""
    confirmations: Annotated[int, Field(ge=1, le=1000)] = 3
    fee_cap_gwei: Annotated[float, Field(gt=0)] = 500.0
    stuck_after_seconds: Annotated[float, Field(gt=0)] = 180.0
    reconcile_seconds: Annotated[float, Field(gt=0, le=3600)] = 15.0
    rpc_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 10.0
    lease_seconds: Annotated[float, Field(gt=0, le=3600)] = 120.0
    explorer_tx_url: str = ""

    @model_validator(mode="after")
    def _coherent(self) -> Self:
        if self.rpc and not self.rpc.startswith(("http://", "https://")):
            raise ValueError("rpc must be empty (embedded chain) or an http(s):// URL")
        if self.rpc and not self.contract:
            raise ValueError("contract is required when rpc names a node")
        if self.explorer_tx_url and "{tx}" not in self.explorer_tx_url:
            raise ValueError("explorer_tx_url must contain {tx}")
        return self


class ConsensusSettings(Section):
    """The scheduled refit of worker models and the spam rules it applies (see [consensus] in config.toml)."""

    refit_minutes: Annotated[float, Field(gt=0, le=24 * 60)] = 10.0
    prior_correct: Annotated[float, Field(gt=0)] = 2.0
    prior_wrong: Annotated[float, Field(gt=0)] = 1.0
    prior_strength: Annotated[float, Field(ge=0)] = 1.0
    spam_min_seconds: Annotated[float, Field(ge=0.0, le=60.0)] = 1.5
    spam_max_fast_share: Fraction = 0.3
    spam_max_constant_share: Fraction = 0.95
    spam_constant_excess: Fraction = 0.25
    spam_chance_margin: Fraction = 0.1
    spam_max_gold_failure: Fraction = 0.5
    spam_min_answers: Positive = 10
    spam_min_gold: Positive = 6


class Secrets(Section):
    telegram_token: SecretStr | None = None
    discord_token: SecretStr | None = None
    payout_key: SecretStr | None = None


class Settings(Section):
    database: DatabaseSettings = DatabaseSettings()
    levels: LevelSettings
    tasks: TaskSettings = TaskSettings()
    points: PointSettings = PointSettings()
    checkin: CheckInSettings = CheckInSettings()
    referrals: ReferralSettings = ReferralSettings()
    link: LinkSettings = LinkSettings()
    schedule: ScheduleSettings = ScheduleSettings()
    telegram: TelegramSettings = TelegramSettings()
    discord: DiscordSettings = DiscordSettings()
    admins: AdminSettings = AdminSettings()
    rewards: RewardSettings = RewardSettings()
    chain: ChainSettings = ChainSettings()
    consensus: ConsensusSettings = ConsensusSettings()
    secrets: Secrets = Secrets()
    data_dir: Path = Path("var")


def default_config_path() -> Path:
    return Path(__file__).resolve().parent.parent / "config.toml"


def load_settings(path: Path | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read config.toml, apply environment overrides and secrets, validate; SettingsError on any bad value."""
    env = os.environ if env is None else env
    path = path or Path(env.get("CHATLABEL_CONFIG", default_config_path()))
    try:
        raw: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SettingsError(f"config file {path} not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    _apply_env_overrides(raw, env)
    raw["secrets"] = _secrets_from_env(env)
    try:
        return Settings.model_validate(raw)
    except ValidationError as exc:
        raise SettingsError(_one_line(exc)) from None


def _apply_env_overrides(raw: dict[str, Any], env: Mapping[str, str]) -> None:
    """CHATLABEL_TASKS_GOLD_RATE=0.3 sets tasks.gold_rate; values are JSON when they parse as JSON."""
    sections = {name for name, field in Settings.model_fields.items() if name not in ("secrets", "data_dir")}
    for name, value in env.items():
        if not name.startswith("CHATLABEL_") or name in SECRET_ENV.values():
            continue
        rest = name.removeprefix("CHATLABEL_").lower()
        if rest == "data_dir":
            raw["data_dir"] = value
            continue
        section = next((s for s in sections if rest.startswith(s + "_")), None)
        if section is None:
            continue
        raw.setdefault(section, {})[rest.removeprefix(section + "_")] = _parse_env_value(value)


def _parse_env_value(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


def _secrets_from_env(env: Mapping[str, str]) -> dict[str, str]:
    secrets = {}
    for key, var in SECRET_ENV.items():
        value = env.get(var, "").strip()
        if not value:
            continue
        if value.lower() in PLACEHOLDER_SECRETS:
            raise SettingsError(f"{var} is set to a placeholder; set the real secret or unset it")
        secrets[key] = value
    return secrets


def _one_line(exc: ValidationError) -> str:
    """The first problem as `key = value: what is allowed` (pydantic's report is many lines)."""
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    value = error.get("input")
    shown = "(secret)" if key.startswith("secrets") else json.dumps(value, default=str)[:80]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"config: {key or 'settings'} = {shown}: {error['msg']}{more}"
