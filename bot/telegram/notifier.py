"""Delivers the core's outbox (level ups, referral rewards, streak reminders, claims) to Telegram users."""

from __future__ import annotations

import logging

from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot.common import texts
from core.game.game import Game

log = logging.getLogger("chatlabel.telegram")


async def deliver_once(bot: ExtBot, game: Game) -> int:
    """Send what is pending; returns how many notices were settled. A notice that failed for a passing reason
    (network, 5xx) is tried again once its claim expires (`notices.CLAIM_SECONDS`); one for a user who blocked
    the bot is dropped. Notices are claimed before they are sent, so a second worker sends others."""
    settled = []
    for notice in await game.pending_notices("telegram"):
        try:
            for recipient in notice.recipients:
                await bot.send_message(int(recipient.external_id), texts.notice(notice))
        except Forbidden:
            log.info("notice %s dropped: the user blocked the bot", notice.notice_id)
        except TelegramError as exc:
            log.warning("notice %s not delivered yet: %s", notice.notice_id, exc)
            continue
        settled.append(notice.notice_id)
    await game.mark_delivered(settled)
    return len(settled)
