"""Webhook signatures, the retry timing, API key parsing and the per-key token bucket: pure functions."""

from __future__ import annotations

from core.game.requesters import keys, signing
from web.requesters.limits import RateLimiter, retry_after


def test_a_signature_covers_the_timestamp_and_the_body_and_expires() -> None:
    body = b'{"event":"item.settled"}'
    header = signing.header("whsec_x", 1_000, body)
    assert signing.verify("whsec_x", header, body, now=1_100)
    assert not signing.verify("whsec_y", header, body, now=1_100)  # another secret
    assert not signing.verify("whsec_x", header, body + b" ", now=1_100)  # another body
    assert not signing.verify("whsec_x", header.replace("t=1000", "t=1001"), body, now=1_100)  # another time
    assert not signing.verify("whsec_x", header, body, now=1_000 + 301)  # replayed too late
    assert not signing.verify("whsec_x", "garbage", body, now=1_000)


def test_the_backoff_doubles_up_to_an_hour() -> None:
    assert [signing.backoff(n, 30) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert signing.backoff(30, 30) == signing.MAX_BACKOFF_SECONDS


def test_only_keys_of_our_shape_are_parsed() -> None:
    key = keys.new_key()
    assert keys.parse(key.text) == (key.key_id, key.secret)
    assert keys.matches(key.secret, keys.digest(key.secret)) and not keys.matches("x", keys.digest(key.secret))
    for bad in ("", "clk_", "clk_zz_secret", key.text + "x", key.text.replace("clk_", "sk_"), " " * 70):
        assert keys.parse(bad) is None


def test_the_bucket_allows_the_burst_then_the_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=60, burst=2, clock=lambda: now[0])
    assert [limiter.take(1), limiter.take(1)] == [0.0, 0.0]
    wait = limiter.take(1)
    assert wait == 1.0 and retry_after(wait) == "1"
    assert limiter.take(2) == 0.0  # another key has its own bucket
    now[0] += 1.0
    assert limiter.take(1) == 0.0
