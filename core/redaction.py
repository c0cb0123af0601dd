"""Secrets out of every line we print: tokens, the payout key, DB passwords and the RPC URL's key-bearing parts.

Pure string work; `core.logs` applies it to log records, tracebacks and the few lines printed to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from urllib.parse import quote, unquote, urlsplit

MASK = "***"
# Shorter values would mask ordinary words everywhere; no real token, key or password is this short.
MIN_SECRET = 4
# Path segments of an RPC URL at least this long are API keys (Infura, Alchemy ...); "/v3" is not.
MIN_KEY_SEGMENT = 8
SECRET_VARS = ("TELEGRAM_TOKEN", "DISCORD_TOKEN", "CHATLABEL_PAYOUT_KEY")
URL_VARS = ("CHATLABEL_DATABASE_URL", "CHATLABEL_CHAIN_RPC")


def url_secrets(url: str) -> set[str]:
    """The parts of a URL that can carry a credential: the password, the path's long segments, the query."""
    try:
        parts = urlsplit(url)
        password = parts.password
    except ValueError:  # an unparsable URL: treat the whole of it as secret
        return {url}
    found = {password or "", unquote(password or ""), parts.query}  # a password is written %-encoded in URLs
    path = parts.path.strip("/")
    if path and "sql" not in parts.scheme:  # a database URL's path is only the database name
        found.add(parts.path)
        found.update(segment for segment in path.split("/") if len(segment) >= MIN_KEY_SEGMENT)
    return {value for value in found if value}


def redact_url(url: str) -> str:
    """The URL as it may be shown: scheme, user, host and port; password, path keys and query masked."""
    return Redactor(url_secrets(url))(url)


class Redactor:
    """Replaces every known secret (and its percent- and JSON-escaped forms) with `***`; more can be added."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self._secrets: list[str] = []
        self.add(secrets)

    def add(self, secrets: Iterable[str]) -> None:
        variants = set(self._secrets)
        for secret in secrets:
            secret = secret.strip()
            if len(secret) >= MIN_SECRET:
                variants.update({secret, quote(secret, safe=""), quote(secret), json.dumps(secret)[1:-1]})
        # Longest first, so a secret containing another one is masked whole.
        self._secrets = sorted(variants, key=len, reverse=True)

    def add_urls(self, urls: Iterable[str]) -> None:
        for url in urls:
            self.add(url_secrets(url))

    def __call__(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, MASK)
        return text

    def __bool__(self) -> bool:
        return bool(self._secrets)


def from_environment(env: Mapping[str, str]) -> Redactor:
    """Everything secret the environment holds, known before (and even if) the settings load."""
    redactor = Redactor(env.get(name, "") for name in SECRET_VARS)
    redactor.add_urls(env[name] for name in URL_VARS if env.get(name))
    return redactor
