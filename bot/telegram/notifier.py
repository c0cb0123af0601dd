"""Delivers the core's outbox (level ups, referral rewards, streak reminders, claims) to Telegram users,
by the shared rule of `bot.common.notices`."""

from __future__ import annotations

import asyncio
import logging

from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.common import texts
from bot.common.notices import NotYet, Unreachable, deliver_round
from core.game.game import Game
from core.types import Notice

log = logging.getLogger("chatlabel.telegram")


async def deliver_once(bot: ExtBot, game: Game) -> int:
    """One round of the outbox; returns how many notices were sent."""

    async def send(notice: Notice) -> None:
        try:
            for recipient in notice.recipients:
                await bot.send_message(int(recipient.external_id), texts.notice(notice))
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except TelegramError as exc:
            raise NotYet(exc.message) from exc

    return await deliver_round(game, "telegram", send)


async def run(bot: ExtBot, game: Game, interval: float) -> None:
    """Poll the outbox until cancelled; an error in one round is logged and the next round tries again."""
    while True:
        try:
            await deliver_once(bot, game)
        except Exception:
            log.exception("notice delivery failed")
        await asyncio.sleep(interval)
