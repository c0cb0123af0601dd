"""The language a Mini App call answers in, read once per app opening rather than once per call.

A player's /language choice changes rarely, yet reading it costs a transaction of its own (on SQLite a hop to
the readers' thread) on every swipe. While the app stays open it sends the same init data, so the choice is kept
per opening (the user and the init data's `auth_date`); the app's start call, made whenever the app opens or
reloads, reads it afresh. Bounded: the oldest openings are forgotten first, and a forgotten one is read again.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable

from core.types import UserRef

Opening = tuple[str, int]  # the Telegram user id and the init data's auth_date
MAX_OPENINGS = 20_000


class LanguageMemo:
    def __init__(self, read: Callable[[UserRef], Awaitable[str | None]], size: int = MAX_OPENINGS) -> None:
        self._read = read
        self._size = size
        self._known: OrderedDict[Opening, str | None] = OrderedDict()

    async def chosen(self, user: UserRef, auth_date: int, *, fresh: bool = False) -> str | None:
        """The player's chosen language (None: not chosen); `fresh` reads it again (the app just opened)."""
        opening = (user.external_id, auth_date)
        if not fresh and opening in self._known:
            self._known.move_to_end(opening)
            return self._known[opening]
        language = await self._read(user)
        self._known[opening] = language
        self._known.move_to_end(opening)
        while len(self._known) > self._size:
            self._known.popitem(last=False)
        return language
