"""Typed settings: `config.toml`, then `CHATLABEL_<SECTION>_<KEY>` environment overrides, then secrets from env.

Built once by the composition root and passed down; nothing here runs at import time.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import SecretStr, ValidationError

from core.redaction import Redactor
from core.settings.base import Section, SettingsError
from core.settings.game import (
    CheckInSettings,
    ConsensusSettings,
    DatabaseSettings,
    HttpSettings,
    Level,
    LevelSettings,
    LinkSettings,
    NoticeSettings,
    PointSettings,
    ReferralSettings,
    ScheduleSettings,
    TaskSettings,
)
from core.settings.platforms import AdminSettings, DiscordSettings, MiniAppSettings, TelegramSettings
from core.settings.requesters import RequesterSettings
from core.settings.rewards import ChainSettings, RewardSettings

PLACEHOLDER_SECRETS = {"changeme", "change-me", "changethis", "secret", "token", "xxx", "..."}
SECRET_ENV = {
    "telegram_token": "TELEGRAM_TOKEN",
    "discord_token": "DISCORD_TOKEN",
    "payout_key": "CHATLABEL_PAYOUT_KEY",
}


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
    http: HttpSettings = HttpSettings()
    notices: NoticeSettings = NoticeSettings()
    telegram: TelegramSettings = TelegramSettings()
    mini_app: MiniAppSettings = MiniAppSettings()
    discord: DiscordSettings = DiscordSettings()
    admins: AdminSettings = AdminSettings()
    rewards: RewardSettings = RewardSettings()
    chain: ChainSettings = ChainSettings()
    consensus: ConsensusSettings = ConsensusSettings()
    requesters: RequesterSettings = RequesterSettings()
    secrets: Secrets = Secrets()
    data_dir: Path = Path("var")


def default_config_path() -> Path:
    return Path(__file__).resolve().parents[2] / "config.toml"


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
        raise SettingsError(_one_line(exc, _redactor(raw))) from None


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


def _redactor(raw: dict[str, Any]) -> Redactor:
    """The values an error line must not echo: the database password, the RPC URL's key, the webhook secret."""
    urls = [raw.get("database", {}).get("url"), raw.get("chain", {}).get("rpc")]
    redactor = Redactor([str(raw.get("telegram", {}).get("webhook_secret") or "")])
    redactor.add_urls(url for url in urls if isinstance(url, str))
    return redactor


def _one_line(exc: ValidationError, redactor: Redactor) -> str:
    """The first problem as `key = value: what is allowed` (pydantic's report is many lines), secrets masked
    before the value is cut (a cut secret would no longer match)."""
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"])
    value = error.get("input")
    shown = "(secret)" if key.startswith("secrets") else redactor(json.dumps(value, default=str))[:80]
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return redactor(f"config: {key or 'settings'} = {shown}: {error['msg']}{more}")


__all__ = [
    "AdminSettings",
    "ChainSettings",
    "CheckInSettings",
    "ConsensusSettings",
    "DatabaseSettings",
    "DiscordSettings",
    "HttpSettings",
    "Level",
    "LevelSettings",
    "LinkSettings",
    "PointSettings",
    "ReferralSettings",
    "RewardSettings",
    "ScheduleSettings",
    "Secrets",
    "Section",
    "Settings",
    "SettingsError",
    "TaskSettings",
    "TelegramSettings",
    "default_config_path",
    "load_settings",
]
