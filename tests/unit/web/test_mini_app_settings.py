"""[mini_app]: Telegram opens Mini Apps over HTTPS only; a stale-data window within sane bounds."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import Settings, SettingsError, load_settings


def settings(tmp_path: Path, **env: str) -> Settings:
    base = {"CHATLABEL_DATA_DIR": str(tmp_path), "CHATLABEL_DATABASE_URL": "sqlite+aiosqlite:///x.db"}
    return load_settings(env={**base, **env})


def test_the_shipped_defaults(tmp_path: Path) -> None:
    app = settings(tmp_path).mini_app
    assert (app.public_url, app.init_data_max_age_seconds) == ("", 3600)
    assert app.telegram_script_url == "https://telegram.org/js/telegram-web-app.js"


def test_an_https_address_is_taken(tmp_path: Path) -> None:
    url = "https://play.example.org/app/"
    assert settings(tmp_path, CHATLABEL_MINI_APP_PUBLIC_URL=url).mini_app.public_url == url


@pytest.mark.parametrize(
    ("key", "value"),
    [("PUBLIC_URL", "http://play.example.org/app/"), ("INIT_DATA_MAX_AGE_SECONDS", "0")],
)
def test_bad_values_are_refused_at_start_up(tmp_path: Path, key: str, value: str) -> None:
    with pytest.raises(SettingsError, match="mini_app"):
        settings(tmp_path, **{f"CHATLABEL_MINI_APP_{key}": value})
