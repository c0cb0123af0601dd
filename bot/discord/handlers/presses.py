"""Button presses: the player's own task, or a quiz posted to a channel. Parse, call the core, render."""

from __future__ import annotations

import asyncio
import logging

import discord

from bot.common import callbacks, texts, views
from bot.common.views import Reply
from bot.discord import render, roles
from bot.discord.interaction import Interaction
from bot.discord.tasks import live_answer, show_next
from bot.discord.timing import in_time
from bot.discord.users import community_ref, to_user
from core.errors import GameError

log = logging.getLogger("chatlabel.discord")


async def answer(interaction: Interaction, press: callbacks.AnswerPress) -> None:
    """A choice on the player's own task: the pressed message becomes the next task, the verdict on top. A
    message that is no longer the player's live task message (a later /play posted another) answers nothing."""
    outcome = await in_time(interaction, live_answer(interaction, to_user(interaction.user), press))
    if outcome is None:
        await render.send(interaction, Reply(texts.STALE_BUTTON))
        return
    shown = await asyncio.to_thread(views.press, outcome)  # an image task's card is drawn off the event loop
    if outcome.repeated:
        await render.send(interaction, Reply(shown.toast))
        return
    await show_next(interaction, to_user(interaction.user), shown, outcome.next_prompt)
    if outcome.level_change is not None:
        await roles.follow_level(interaction.client, interaction.user, outcome.level_change.new_level)


async def refuse(interaction: Interaction) -> None:
    """A forged, stale or foreign custom id: a short private answer, a log line, nothing written."""
    log.info("refused button %r from user %s", str(custom_id_of(interaction))[:120], interaction.user.id)
    if not interaction.response.is_done():
        await interaction.response.send_message(texts.STALE_BUTTON, ephemeral=True)


def is_ours(interaction: Interaction) -> bool:
    """Whether a `DynamicItem` will take this press: a well-formed custom id that is on the pressed message."""
    custom_id = custom_id_of(interaction)
    if callbacks.decode(custom_id) is None or interaction.message is None:
        return False
    rows = (row for row in interaction.message.components if isinstance(row, discord.ActionRow))
    shown = (getattr(child, "custom_id", None) for row in rows for child in row.children)
    return custom_id in shown


def custom_id_of(interaction: Interaction) -> str | None:
    """The pressed component's custom id (None for an interaction that is not a component's)."""
    data = interaction.data
    custom_id = data.get("custom_id") if data is not None else None
    return custom_id if isinstance(custom_id, str) else None


async def quiz_answer(interaction: Interaction, press: callbacks.QuizPress) -> None:
    """A member's own answer to a channel quiz: a private confirmation; the tallies stay hidden until it closes."""
    where = community_ref(interaction.guild) if interaction.guild is not None else None
    locale = interaction.locale.value
    work = interaction.client.game.answer_quiz(to_user(interaction.user), press.quiz_id, press.choice, where, locale)
    facts = await in_time(interaction, work)
    await render.send(interaction, Reply(texts.quiz_recorded(facts.choice.label, facts.repeated, facts.counted)))


async def instructions(interaction: Interaction, press: callbacks.InstructionsPress) -> None:
    """ "?": the campaign's instructions in a private reply; the task message stays as it is. A task that is not
    the presser's, or has no instructions, gets the stale-button answer."""
    try:
        work = interaction.client.game.task_instructions(to_user(interaction.user), press.task_id)
        shown = await in_time(interaction, work)
    except GameError:
        shown = ""
    await render.send(interaction, Reply(texts.instructions(shown) if shown else texts.STALE_BUTTON))
