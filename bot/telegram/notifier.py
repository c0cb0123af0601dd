"""Delivers the core's outbox (level ups, referral rewards, streak reminders, claims) to Telegram users,
by the shared rule of `bot.common.notices`."""

from __future__ import annotations

import logging

from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.common import texts
from bot.common.notices import NotYet, Unreachable, deliver_round
from core.game.game import Game
from core.types import Notice

log = logging.getLogger("chatlabel.telegram")


async def deliver_once(bot: ExtBot, game: Game) -> int:
    """One round of the outbox by the shared rule of `bot.common.notices`; returns how many were sent. A notice
    that failed for a passing reason is tried again once its claim expires (`notices.CLAIM_SECONDS`); notices
    are claimed before they are sent, so a second worker sends others."""

    async def send(notice: Notice) -> None:
        try:
            with texts.speaking(notice.language):
                text = texts.notice(notice)
            for recipient in notice.recipients:
                await bot.send_message(int(recipient.external_id), text)
        except Forbidden as exc:
            raise Unreachable(exc.message) from exc
        except TelegramError as exc:
            raise NotYet(exc.message) from exc

    return await deliver_round(game, "telegram", send)
