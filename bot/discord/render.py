"""One sender for the neutral `Reply`: text as content, pictures as an embed with the file attached,
buttons as `DynamicItem`s that carry their state in the custom id (so they still work after a restart)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import discord

from bot.common import callbacks
from bot.common.progress import Edit
from bot.common.views import Button, Reply
from bot.discord.buttons import AnswerButton, QuizButton

CONTENT_LIMIT = 2000
DESCRIPTION_LIMIT = 4096
LABEL_LIMIT = 80


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def button(spec: Button) -> discord.ui.Item[Any]:
    label = clip(spec.label, LABEL_LIMIT)
    press = callbacks.decode(spec.data)
    if isinstance(press, callbacks.QuizPress):
        return QuizButton(press.quiz_id, press.choice, label)
    if isinstance(press, callbacks.AnswerPress):
        return AnswerButton(press.task_id, press.choice, label)
    raise ValueError(f"not a button of ours: {spec.data!r}")


def attachment(image: Path | bytes) -> discord.File:
    if isinstance(image, bytes):
        return discord.File(io.BytesIO(image), filename="card.png")
    return discord.File(image, filename=f"task{image.suffix.lower() or '.png'}")


def message(reply: Reply) -> dict[str, Any]:
    """Keyword arguments for send_message / followup.send / channel.send (only the parts the reply has)."""
    kwargs: dict[str, Any] = {}
    if reply.image is not None:
        file = attachment(reply.image)
        embed = discord.Embed(description=clip(reply.text, DESCRIPTION_LIMIT))
        kwargs.update(embed=embed.set_image(url=f"attachment://{file.filename}"), file=file)
    else:
        kwargs["content"] = clip(reply.text, CONTENT_LIMIT)
    if reply.buttons:
        view = discord.ui.View(timeout=None)
        for spec in reply.buttons:
            view.add_item(button(spec))
        kwargs["view"] = view
    return kwargs


async def send(interaction: discord.Interaction, reply: Reply) -> None:
    """The first answer to an interaction, or a follow-up once it has one (or was deferred)."""
    kwargs = message(reply)
    if interaction.response.is_done():
        await interaction.followup.send(**kwargs, ephemeral=reply.private)
    else:
        await interaction.response.send_message(**kwargs, ephemeral=reply.private)


async def progress_message(interaction: discord.Interaction, text: str) -> Edit:
    """Show `text` as the deferred response (it fills the "thinking…" message) and return how to edit it."""

    async def edit(new: str) -> None:
        await interaction.edit_original_response(content=clip(new, CONTENT_LIMIT))

    await edit(text)
    return edit


async def post(channel: discord.abc.Messageable, reply: Reply) -> discord.Message:
    """A message outside any interaction (daily quiz, notices)."""
    return await channel.send(**message(reply))


async def close_buttons(interaction: discord.Interaction, line: str) -> None:
    """Show the choice on the pressed message and take its buttons away, so no second press is possible."""
    pressed = interaction.message
    kept = pressed.content if pressed is not None and not pressed.embeds else ""
    content = clip(f"{kept}\n\n{line}".strip(), CONTENT_LIMIT)
    if interaction.response.is_done():
        await interaction.edit_original_response(content=content, view=None)
    else:
        await interaction.response.edit_message(content=content, view=None)
