"""Init data validation against vectors the test computes itself, following Telegram's documented recipe."""

from __future__ import annotations

import hashlib
import hmac
import json
from urllib.parse import urlencode

import pytest

from web.mini_app.init_data import InitDataError, secret_key, validate

TOKEN = "123456789:AAH-known-test-token_0123456789abcdef"
NOW = 1_767_607_200
USER = json.dumps({"id": 42, "first_name": "Ada", "last_name": "L", "username": "ada"}, separators=(",", ":"))


def telegram_hash(fields: dict[str, str], token: str = TOKEN) -> str:
    """Telegram's recipe, written out here independently of the module under test."""
    key = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    return hmac.new(key, check.encode(), hashlib.sha256).hexdigest()


def init_data(token: str = TOKEN, **fields: str) -> str:
    fields = {"auth_date": str(NOW - 5), "query_id": "AAE1", "user": USER, **fields}
    return urlencode({**fields, "hash": telegram_hash(fields, token)})


def check(raw: str, now: int = NOW, max_age: int = 3600) -> object:
    return validate(raw, secret_key(TOKEN), now=now, max_age_seconds=max_age)


def test_the_documented_secret_key() -> None:
    assert secret_key(TOKEN) == hmac.new(b"WebAppData", TOKEN.encode(), hashlib.sha256).digest()


def test_valid_init_data_names_the_telegram_user() -> None:
    user = check(init_data(start_param="ref-abc"))
    assert (user.id, user.display_name, user.auth_date, user.start_param) == (42, "Ada L", NOW - 5, "ref-abc")


def test_field_order_does_not_matter_only_the_sorted_check_string() -> None:
    fields = {"user": USER, "auth_date": str(NOW), "chat_type": "private"}
    raw = urlencode({"hash": telegram_hash(fields), **fields})
    assert check(raw).id == 42


@pytest.mark.parametrize(
    "raw",
    [
        init_data(token="987654321:another-bot-token"),  # signed for another bot
        init_data().replace("%22id%22%3A42", "%22id%22%3A43"),  # the user swapped after signing
        init_data().replace("hash=", "hash=0"),
        urlencode({"auth_date": str(NOW), "user": USER}),  # no hash
        "",
        "not a query string",
        init_data() + "&user=" + USER,  # a second user field
        "x" * 5000,
    ],
)
def test_forged_or_malformed_init_data_is_refused(raw: str) -> None:
    with pytest.raises(InitDataError):
        check(raw)


def test_stale_init_data_is_refused_once_the_window_has_passed() -> None:
    raw = init_data(auth_date=str(NOW - 3600))
    assert check(raw).id == 42
    with pytest.raises(InitDataError, match="expired"):
        check(raw, now=NOW + 1)


def test_init_data_from_the_future_is_refused() -> None:
    with pytest.raises(InitDataError):
        check(init_data(auth_date=str(NOW + 3600)))


@pytest.mark.parametrize("user", ['{"first_name":"x"}', '{"id":"42"}', '{"id":true}', '{"id":-5}', "[]"])
def test_init_data_without_a_proper_user_is_refused(user: str) -> None:
    with pytest.raises(InitDataError):
        check(init_data(user=user))


def test_the_error_never_names_the_token() -> None:
    with pytest.raises(InitDataError) as caught:
        check(init_data(token="987654321:another-bot-token"))
    assert TOKEN not in str(caught.value) and "987654321" not in str(caught.value)


def test_init_data_accepted_before_is_still_refused_once_stale_or_under_another_key() -> None:
    raw = init_data()
    assert check(raw).id == 42
    assert check(raw).id == 42  # the same string again, as every call of an open app
    with pytest.raises(InitDataError, match="expired"):
        check(raw, now=NOW + 3600)
    with pytest.raises(InitDataError, match="not signed"):
        validate(raw, secret_key("987654321:another-bot-token"), now=NOW, max_age_seconds=3600)
    forged = raw.replace("Ada", "Eve")
    for _ in range(2):  # a refusal is not remembered as anything else
        with pytest.raises(InitDataError, match="not signed"):
            check(forged)
