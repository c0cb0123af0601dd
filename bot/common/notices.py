"""One delivery rule for the core's outbox on every platform, so Telegram and Discord cannot drift apart:
a notice sent, or refused for good (the user blocked the bot or closed their DMs), is settled; one that failed
for a passing reason (network, 5xx, rate limit) stays pending for the next round."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from core.game.game import Game
from core.types import Notice, Platform

log = logging.getLogger("chatlabel.notices")


class Unreachable(Exception):
    """The recipient cannot be reached, now or later: the notice is dropped."""


class NotYet(Exception):
    """A passing failure: the notice is tried again next round."""


async def deliver_round(game: Game, platform: Platform, send: Callable[[Notice], Awaitable[None]]) -> int:
    """Send what is pending on `platform` with `send`; returns how many notices were sent."""
    settled, sent = [], 0
    for notice in await game.pending_notices(platform):
        try:
            await send(notice)
            sent += 1
        except Unreachable as exc:
            log.info("%s notice %s dropped: %s", platform, notice.notice_id, exc)
        except NotYet as exc:
            log.warning("%s notice %s not delivered yet: %s", platform, notice.notice_id, exc)
            continue
        settled.append(notice.notice_id)
    await game.mark_delivered(settled)
    return sent
