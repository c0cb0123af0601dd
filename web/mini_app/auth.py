"""Who is calling: the Telegram user named by the request's init data, checked on every call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from starlette.requests import Request

from core.clock import Clock
from core.types import UserRef
from web.mini_app.init_data import MAX_CACHED, InitDataError, WebAppUser, validate

# The page sends Telegram's init data as `Authorization: tma <init data>`.
SCHEME = "tma "


@dataclass(frozen=True, slots=True)
class Caller:
    user: UserRef
    start_param: str | None
    auth_date: int  # when Telegram signed the init data: one value per opening of the app
    locale: str | None = None  # Telegram's `user.language_code`: the language until the player chooses one


@dataclass(frozen=True, slots=True)
class InitDataCheck:
    key: bytes  # secret_key(bot token): the token itself is not kept here
    max_age_seconds: int
    clock: Clock

    def caller(self, request: Request) -> Caller:
        header = request.headers.get("authorization", "")
        if not header.startswith(SCHEME):
            raise InitDataError("no init data")
        now = self.clock.now().timestamp()
        return _caller(validate(header.removeprefix(SCHEME), self.key, now=now, max_age_seconds=self.max_age_seconds))


@lru_cache(maxsize=MAX_CACHED)
def _caller(found: WebAppUser) -> Caller:
    """One Caller per checked init data (whose parse is kept the same way): a UserRef cleans its display name
    when made, work worth doing once per opening of the app rather than on every swipe."""
    user = UserRef("telegram", str(found.id), found.display_name)
    return Caller(user, found.start_param, found.auth_date, found.language_code)
