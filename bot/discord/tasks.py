"""Sending a player their task; one Discord refuses to show is skipped for good and the next one sent instead.

A player has one live task message: posting a new one takes the buttons off the one before (one edit, on the
paths that post a message anyway), and a press on any other message is stale. Task messages are ephemeral, so
only the token of the interaction that posted one may edit it: the reference keeps it (it expires after 15
minutes; a message older than that keeps its buttons, and its presses are refused all the same)."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.common import views
from bot.common.callbacks import AnswerPress
from bot.common.views import Press, Reply
from bot.discord import render
from bot.discord.interaction import Interaction
from core.errors import NoTasks
from core.types import Outcome, Prompt, UserRef

log = logging.getLogger("chatlabel.discord")
# A few refused tasks in a row are skipped; past that something other than the tasks is wrong.
MAX_SKIPPED = 3
# What Discord answers for content it will not post: an invalid body, or an attachment too large.
CONTENT_REFUSALS = (400, 413)


async def is_live(interaction: Interaction, user: UserRef) -> bool:
    """Whether a press on this interaction's message may answer the player's task: it is their live task
    message, or none is kept (a message posted before the game kept them). A press in another channel than the
    live message's is not theirs to refuse here: the core says whose task it is."""
    live = await interaction.client.game.live_task(user)
    message = interaction.message
    if live is None or message is None:
        return True
    message_id, channel_id, _ = live.split(":", 2)
    return message_id == str(message.id) or channel_id != str(message.channel.id)


async def live_answer(interaction: Interaction, user: UserRef, press: AnswerPress) -> Outcome | None:
    """The player's answer when pressed on their live task message; None for any other (nothing is written).
    One piece of work, so the 3-second answer window covers both reads."""
    if not await is_live(interaction, user):
        return None
    return await interaction.client.game.answer(user, press.task_id, press.choice)


async def posted(interaction: Interaction, user: UserRef, sent: int | None, pressed: int | None = None) -> None:
    """Message `sent` is the player's live task message now; the one before loses its buttons, unless it is the
    pressed message (a press has already rewritten that one without them)."""
    if sent is None:
        return
    before = await interaction.client.game.task_posted(user, f"{sent}:{interaction.channel_id}:{interaction.token}")
    if before is None or before.split(":", 1)[0] == str(pressed):
        return
    message_id, _, token = before.split(":", 2)
    poster = discord.Webhook.partial(interaction.application_id, token, client=interaction.client)
    try:
        await poster.edit_message(int(message_id), view=None)
    except discord.HTTPException as exc:  # its token expired, or the player dismissed it: it stays as it was
        log.info("old task message %s kept as it was: %s %s", message_id, exc.status, exc.text)


async def send_task(interaction: Interaction, user: UserRef, prompt: Prompt | None, pressed: int | None = None) -> None:
    """`pressed`: the id of the message of the press this follows, if any."""
    game = interaction.client.game
    for _ in range(MAX_SKIPPED):
        if prompt is None:
            raise NoTasks()
        try:
            reply = await asyncio.to_thread(views.task, prompt)  # the card, off the loop
            await posted(interaction, user, await render.send(interaction, reply), pressed)
            return
        except discord.HTTPException as exc:
            if exc.status not in CONTENT_REFUSALS:
                raise
            reason = f"{exc.code} {exc.text}".strip()
            log.warning("task %s refused by Discord, withdrawn: %s", prompt.task_id, reason)
            await game.undeliverable(user, prompt.task_id, reason)
        prompt = await game.next_task(user)
    raise NoTasks()


async def show_next(interaction: Interaction, user: UserRef, shown: Press, following: Prompt | None) -> None:
    """The press's one response into the next task; a next task Discord refuses is withdrawn and another sent."""
    pressed = interaction.message.id if interaction.message is not None else None
    try:
        sent = await render.show_press(interaction, shown)
        if shown.following.buttons:
            await posted(interaction, user, sent, pressed)
    except discord.HTTPException as exc:
        if following is None or exc.status not in CONTENT_REFUSALS:
            raise
        reason = f"{exc.code} {exc.text}".strip()
        log.warning("task %s refused by Discord, withdrawn: %s", following.task_id, reason)
        await interaction.client.game.undeliverable(user, following.task_id, reason)
        await render.rewrite(interaction, Reply(shown.toast))
        await send_task(interaction, user, await interaction.client.game.next_task(user), pressed)
