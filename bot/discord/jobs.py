"""Scheduled group play on Discord: close due quizzes (revealing their tallies in place) and post the daily quiz
to each server's quiz channel, in the language most of the server's members read (`languages.of_group`). The
service's scheduler runs them (see `app.schedule`); the core makes both idempotent, so a restart or a second worker
posts nothing twice."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.common import languages, texts, views
from bot.discord import render, settings_store
from bot.discord.users import PLATFORM, message_ref
from core.types import Quiz, QuizResult

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

log = logging.getLogger("chatlabel.discord")


class GroupJobs:
    def __init__(self, client: ChatlabelBot) -> None:
        self.client = client

    async def run_once(self) -> None:
        await self.close_due()
        await self.post_daily()

    async def close_due(self) -> None:
        for result in await self.client.game.close_due_quizzes(PLATFORM):
            await self._reveal(result)

    async def post_daily(self) -> None:
        game = self.client.game
        if game.deps.clock.now().hour >= self.client.settings.discord.daily_quiz_hour:
            channels = await settings_store.quiz_channels(self.client)
            for quiz in await game.post_daily_quizzes(PLATFORM):
                await self._post(quiz, channels)

    async def _reveal(self, result: QuizResult) -> None:
        if not result.message_ref:
            return
        channel_id, message_id = (int(part) for part in result.message_ref.split(":"))
        with texts.speaking(await languages.of_group(self.client.game, result.community)):
            text = render.clip(texts.quiz_results(texts.prompt(result.prompt), result), render.CONTENT_LIMIT)
        message = self.client.get_partial_messageable(channel_id).get_partial_message(message_id)
        try:
            await message.edit(content=text, view=None)
        except discord.HTTPException as exc:
            log.info("could not reveal quiz %s: %s", result.quiz_id, exc)

    async def _post(self, quiz: Quiz, channels: dict[int, int]) -> None:
        guild_id = int(quiz.community.external_id)
        guild = self.client.get_guild(guild_id)
        channel_id = channels.get(guild_id) or (guild.system_channel.id if guild and guild.system_channel else None)
        if channel_id is None:
            log.info("no quiz channel in server %s; daily quiz %s not shown", guild_id, quiz.quiz_id)
            return
        with texts.speaking(await languages.of_group(self.client.game, quiz.community)):
            reply = views.quiz(quiz.prompt, quiz.quiz_id)
        try:
            posted = await render.post(self.client.get_partial_messageable(channel_id), reply)
        except discord.HTTPException as exc:
            log.warning("could not post the daily quiz in server %s: %s", guild_id, exc)
            return
        await self.client.game.quiz_posted(quiz.quiz_id, message_ref(posted))
