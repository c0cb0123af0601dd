"""One sender for the neutral `Reply`: text as content, pictures as an embed with the file attached,
buttons as `DynamicItem`s that carry their state in the custom id (so they still work after a restart)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TypedDict

import discord

from bot.common import callbacks
from bot.common.progress import Edit
from bot.common.views import Button, Press, Reply, pieces
from bot.discord.buttons import AnswerButton, InstructionsButton, LanguageButton, QuizButton
from bot.discord.interaction import Interaction

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
LABEL_LIMIT = 80


class MessageParts(TypedDict, total=False):
    """Keyword arguments for send_message / followup.send / channel.send: only the parts a reply has."""

    content: str
    embed: discord.Embed
    file: discord.File
    view: discord.ui.View


class EditParts(TypedDict):
    """Keyword arguments that rewrite a whole message: every part, None (or no attachment) for those it lost."""

    content: str | None
    embed: discord.Embed | None
    attachments: list[discord.File]
    view: discord.ui.View | None


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def button(spec: Button) -> AnswerButton | QuizButton | InstructionsButton | LanguageButton:
    label = clip(spec.label, LABEL_LIMIT)
    press = callbacks.decode(spec.data)
    if isinstance(press, callbacks.QuizPress):
        return QuizButton(press.quiz_id, press.choice, label)
    if isinstance(press, callbacks.AnswerPress):
        return AnswerButton(press.task_id, press.choice, label)
    if isinstance(press, callbacks.InstructionsPress):
        return InstructionsButton(press.task_id, label)
    if isinstance(press, callbacks.LanguagePress):
        return LanguageButton(press.code, label)
    raise ValueError(f"not a button of ours: {spec.data!r}")


def attachment(image: Path | bytes) -> discord.File:
    if isinstance(image, bytes):
        return discord.File(io.BytesIO(image), filename="card.png")
    return discord.File(image, filename=f"task{image.suffix.lower() or '.png'}")


def view(reply: Reply) -> discord.ui.View | None:
    """The buttons; discord.py lays them out five to a row, Discord's widest."""
    if not reply.buttons:
        return None
    buttons = discord.ui.View(timeout=None)
    choices = [spec for spec in reply.buttons if not spec.aside]
    for spec in choices:
        buttons.add_item(button(spec))
    aside_row = min(4, -(-len(choices) // 5))  # "not sure" / "broken item" on the row after the answers
    for spec in reply.buttons:
        if spec.aside:
            item = button(spec)
            item.row = aside_row
            buttons.add_item(item)
    return buttons


def message(reply: Reply) -> MessageParts:
    """The parts of a new message showing `reply`."""
    kwargs: MessageParts = {}
    if reply.image is not None:
        file = attachment(reply.image)
        embed = discord.Embed(description=clip(reply.text, DESCRIPTION_LIMIT))
        kwargs["embed"], kwargs["file"] = embed.set_image(url=f"attachment://{file.filename}"), file
    else:
        kwargs["content"] = clip(reply.text, CONTENT_LIMIT)
    buttons = view(reply)
    if buttons is not None:
        kwargs["view"] = buttons
    return kwargs


def edit(reply: Reply) -> EditParts:
    """Rewrite a whole message as `reply`: what it no longer has is taken away."""
    parts = message(reply)
    if "file" in parts:
        return EditParts(content=None, embed=parts.get("embed"), attachments=[parts["file"]], view=parts.get("view"))
    return EditParts(content=parts.get("content"), embed=None, attachments=[], view=parts.get("view"))


async def rewrite(interaction: Interaction, reply: Reply) -> None:
    """The pressed message becomes `reply`: the press's response, or an edit once it has one (or was deferred)."""
    kwargs = edit(reply)
    if interaction.response.is_done():
        await interaction.edit_original_response(**kwargs)
    else:
        await interaction.response.edit_message(**kwargs)


async def show_press(interaction: Interaction, shown: Press) -> int | None:
    """One response turns the pressed message into the next task (UPDATE_MESSAGE; an edit once deferred).

    A comparison too long for one message comes in several: the pressed one keeps the verdict, the parts follow;
    the id of the last part (the one with the buttons) is returned, None when the pressed message is the task."""
    in_place = shown.replacement.fits(CONTENT_LIMIT) or shown.replacement.image is not None
    await rewrite(interaction, shown.replacement if in_place else Reply(shown.toast))
    sent = None
    for extra in (*shown.extra, *(() if in_place else messages(shown.following))):
        sent = (await interaction.followup.send(**message(extra), ephemeral=extra.private, wait=True)).id
    return None if in_place else sent


def messages(reply: Reply) -> list[Reply]:
    """A text too long for one message in its parts, the buttons under the last one."""
    return pieces(reply, CONTENT_LIMIT) if reply.image is None else [reply]


async def send(interaction: Interaction, reply: Reply) -> int | None:
    """The first answer to an interaction, or a follow-up once it has one (or was deferred); returns the id of
    the last message sent (None if Discord did not say)."""
    sent = None
    for part in messages(reply):
        kwargs = message(part)
        if interaction.response.is_done():
            sent = (await interaction.followup.send(**kwargs, ephemeral=part.private, wait=True)).id
        else:
            sent = (await interaction.response.send_message(**kwargs, ephemeral=part.private)).message_id
    return sent


async def progress_message(interaction: Interaction, text: str) -> Edit:
    """Show `text` as the deferred response (it fills the "thinking…" message) and return how to edit it."""

    async def edit(new: str) -> None:
        await interaction.edit_original_response(content=clip(new, CONTENT_LIMIT))

    await edit(text)
    return edit


async def post(channel: discord.abc.Messageable, reply: Reply) -> discord.Message:
    """A message outside any interaction (daily quiz, notices); the last one when the text comes in parts."""
    *leading, last = messages(reply)
    for part in leading:
        await channel.send(**message(part))
    return await channel.send(**message(last))
