"""No secret in a configuration error, a log line or a traceback; webhook mode only with a real secret."""

from __future__ import annotations

import io
import logging

import pytest

from core.logs import RedactingFormatter
from core.redaction import Redactor, from_environment, redact_url, url_secrets
from core.settings import SettingsError, load_settings

DB_PASSWORD = "Hunter2-db-password"
RPC_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
RPC_URL = f"https://mainnet.infura.io/v3/{RPC_KEY}"
HOOK = {"CHATLABEL_TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram"}


@pytest.mark.parametrize(
    ("env", "hidden", "shown"),
    [
        ({"CHATLABEL_DATABASE_URL": f"mysql://chatlabel:{DB_PASSWORD}@db/chatlabel"}, DB_PASSWORD, "chatlabel:***@db"),
        ({"CHATLABEL_DATABASE_URL": f"postgresql+asyncpg://u:{DB_PASSWORD}@db:port/x"}, DB_PASSWORD, "u:***@db:port"),
        ({"CHATLABEL_CHAIN_RPC": f"wss://mainnet.infura.io/ws/v3/{RPC_KEY}"}, RPC_KEY, "wss://mainnet.infura.io***"),
        ({"CHATLABEL_CHAIN_RPC": RPC_URL}, RPC_KEY, "https://mainnet.infura.io***"),  # refused: no contract
        ({**HOOK, "CHATLABEL_TELEGRAM_WEBHOOK_SECRET": "short-but-secret"}, "short-but-secret", "webhook_secret"),
    ],
)
def test_configuration_errors_never_echo_a_password_or_an_rpc_key(env: dict[str, str], hidden: str, shown: str) -> None:
    with pytest.raises(SettingsError) as refused:
        load_settings(env=env)
    message = str(refused.value)
    assert message.startswith("config: ") and "\n" not in message
    assert hidden not in message and shown in message


@pytest.mark.parametrize("secret", ["", "0123456789abcdef0123456789abcde"])
def test_webhook_mode_needs_a_secret_of_at_least_32_characters(secret: str) -> None:
    with pytest.raises(SettingsError, match="webhook mode needs webhook_secret of at least 32 characters"):
        load_settings(env={**HOOK, "CHATLABEL_TELEGRAM_WEBHOOK_SECRET": secret})
    ok = load_settings(env={**HOOK, "CHATLABEL_TELEGRAM_WEBHOOK_SECRET": "0123456789abcdef" * 2})
    assert ok.telegram.webhook_secret == "0123456789abcdef" * 2


def test_urls_keep_where_they_point_and_lose_their_credentials() -> None:
    assert redact_url(RPC_URL) == "https://mainnet.infura.io***"
    assert redact_url(f"postgresql+asyncpg://chatlabel:{DB_PASSWORD}@db:5432/chatlabel") == (
        "postgresql+asyncpg://chatlabel:***@db:5432/chatlabel"
    )
    assert redact_url("http://127.0.0.1:8545") == "http://127.0.0.1:8545"
    assert (
        Redactor(url_secrets("postgresql+asyncpg://u:p%40ss-word@db/x"))("login p@ss-word failed") == "login *** failed"
    )


def test_log_lines_and_tracebacks_are_masked_after_formatting() -> None:
    token = "123456789:AAHrealLookingTelegramTokenValue0001"
    env = {
        "TELEGRAM_TOKEN": token,
        "CHATLABEL_PAYOUT_KEY": "0x" + "ab" * 32,
        "CHATLABEL_CHAIN_RPC": RPC_URL,
        "CHATLABEL_DATABASE_URL": f"postgresql+asyncpg://chatlabel:{DB_PASSWORD}@db/chatlabel",
    }
    redactor = from_environment(env)
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(RedactingFormatter(logging.Formatter("%(levelname)s %(message)s"), redactor))
    log = logging.getLogger("tests.redaction")
    log.addHandler(handler)
    try:
        log.error("GET https://api.telegram.org/bot%s/getMe with %s", token, env["CHATLABEL_PAYOUT_KEY"])
        try:
            raise RuntimeError(f"The token `{token}` was rejected; node {RPC_URL}; db password {DB_PASSWORD}")
        except RuntimeError:
            log.exception("start-up failed")
        log.warning("url-encoded %s", token.replace(":", "%3A"))
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    for secret in (token, env["CHATLABEL_PAYOUT_KEY"], RPC_KEY, "/v3/" + RPC_KEY, DB_PASSWORD, "%3AAAHreal"):
        assert secret not in text, secret
    assert text.count("***") >= 6


def test_short_values_are_not_treated_as_secrets() -> None:
    assert Redactor(["pw", "secret-value"])("pw secret-value") == "pw ***"
