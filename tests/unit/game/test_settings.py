"""Settings: the shipped file is valid, overrides apply, bad values stop start-up with one clear line."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.settings import SettingsError, default_config_path, load_settings


def test_the_shipped_config_is_valid_and_commented() -> None:
    settings = load_settings(env={})
    assert [level.key for level in settings.levels.ladder][:2] == ["bot_or_not", "image_binary"]
    assert settings.secrets.telegram_token is None
    lines = default_config_path().read_text().splitlines()
    knobs, commented = set(), set()
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped and not stripped.startswith(("#", "[")) and "=" in stripped:
            key = stripped.split("=", 1)[0].strip()
            knobs.add(key)
            above = [line.strip() for line in lines[max(0, index - 12) : index]]
            described = any(line.startswith("#") and key in line for line in above)
            if "#" in stripped or lines[index - 1].strip().startswith("#") or described:
                commented.add(key)
    assert knobs == commented, f"knobs without a comment: {sorted(knobs - commented)}"


def test_environment_overrides() -> None:
    settings = load_settings(
        env={"CHATLABEL_TASKS_GOLD_RATE": "0.35", "CHATLABEL_DATABASE_URL": "postgresql+asyncpg://u@h/db"}
    )
    assert settings.tasks.gold_rate == 0.35
    assert settings.database.url == "postgresql+asyncpg://u@h/db"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"CHATLABEL_TASKS_GOLD_RATE": "1.5"},
            "config: tasks.gold_rate = 1.5: Input should be less than or equal to 1",
        ),
        ({"CHATLABEL_DATABASE_URL": "mysql://x"}, "config: database = "),
        ({"CHATLABEL_CHECKIN_GRACE_DAYS": '"lots"'}, 'config: checkin.grace_days = "lots"'),
        (
            {"CHATLABEL_TASKS_NO_SUCH_KNOB": "1"},
            "config: tasks.no_such_knob = 1: Extra inputs are not permitted",
        ),
    ],
)
def test_bad_values_name_the_key_the_value_and_the_rule(env: dict[str, str], expected: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(env=env)
    message = str(caught.value)
    assert message.startswith(expected) and "\n" not in message


def test_placeholder_secrets_are_refused_and_real_ones_never_printed() -> None:
    with pytest.raises(SettingsError, match="TELEGRAM_TOKEN"):
        load_settings(env={"TELEGRAM_TOKEN": "changeme"})
    settings = load_settings(env={"TELEGRAM_TOKEN": "123:real-token-value"})
    assert "real-token-value" not in repr(settings)
    assert settings.secrets.telegram_token is not None
    assert settings.secrets.telegram_token.get_secret_value() == "123:real-token-value"


def test_a_broken_file_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "config.toml"
    bad.write_text("[levels\n")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(bad, env={})
