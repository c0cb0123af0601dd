"""Delivers the core's notices (referral rewards, streak reminders, payouts) to Discord users by DM."""

from __future__ import annotations

import logging
from typing import Any

import discord

from bot.common import texts
from core.types import Notice

log = logging.getLogger("chatlabel.discord")


class Notifier:
    """Run every `schedule.notice_poll_seconds` by the scheduler; a user who closed their DMs is skipped, not
    retried. Notices are claimed before they are sent, so two workers never send the same one."""

    def __init__(self, client: Any) -> None:
        self.client = client

    async def deliver(self) -> int:
        """One round: send what is waiting and mark it delivered. Returns how many were sent."""
        notices = await self.client.game.pending_notices("discord")
        sent = 0
        for notice in notices:
            sent += await self._send(notice)
        await self.client.game.mark_delivered([n.notice_id for n in notices])
        return sent

    async def _send(self, notice: Notice) -> int:
        for user in notice.recipients:
            try:
                channel = await self.client.create_dm(discord.Object(int(user.external_id)))
                await channel.send(texts.notice(notice))
            except discord.HTTPException as exc:
                log.info("notice %s not delivered to %s: %s", notice.notice_id, user.external_id, exc)
                return 0
        return 1
