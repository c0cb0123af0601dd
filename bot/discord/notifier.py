"""Delivers the core's notices (referral rewards, streak reminders, payouts) to Discord users by DM."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.common import texts
from bot.common.notices import NotYet, Unreachable, deliver_round
from core.types import Notice

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

log = logging.getLogger("chatlabel.discord")


class Notifier:
    """Run every `schedule.notice_poll_seconds` by the scheduler, by the shared rule of `bot.common.notices`.
    Notices are claimed before they are sent, so two workers never send the same one."""

    def __init__(self, client: ChatlabelBot) -> None:
        self.client = client

    async def deliver(self) -> int:
        """One round: send what is waiting. Returns how many were sent."""
        return await deliver_round(self.client.game, "discord", self._send)

    async def _send(self, notice: Notice) -> None:
        for user in notice.recipients:
            try:
                channel = await self.client.create_dm(discord.Object(int(user.external_id)))
                with texts.speaking(notice.language):
                    text = texts.notice(notice)
                await channel.send(text)
            except (discord.Forbidden, discord.NotFound) as exc:  # DMs closed, or no such user any more
                raise Unreachable(exc.text or str(exc.status)) from exc
            except discord.HTTPException as exc:
                raise NotYet(exc.text or str(exc.status)) from exc
