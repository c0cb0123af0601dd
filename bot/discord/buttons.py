"""Buttons whose whole state is their custom id (`cl1:a:<task>:<choice>` and the others of `callbacks`), matched
by the shared templates, so a message sent before a restart still answers."""

from __future__ import annotations

import re

import discord

from bot.common import callbacks
from bot.discord.interaction import reached_chatlabel


class AnswerButton(discord.ui.DynamicItem[discord.ui.Button], template=callbacks.ANSWER_TEMPLATE):
    """A choice on the player's own task."""

    def __init__(self, task_id: int, choice: str, label: str = "…") -> None:
        data = callbacks.answer(task_id, choice)
        super().__init__(discord.ui.Button(label=label, custom_id=data, style=discord.ButtonStyle.primary))
        self.task_id, self.choice = task_id, choice

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[discord.ui.View],
        match: re.Match[str],
    ) -> AnswerButton:
        return cls(int(match["task"]), match["choice"], label_of(item))

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        await pressed(interaction, callbacks.AnswerPress(self.task_id, self.choice))


class QuizButton(discord.ui.DynamicItem[discord.ui.Button], template=callbacks.QUIZ_TEMPLATE):
    """A choice on a quiz posted to a channel: each member's press is their own answer."""

    def __init__(self, quiz_id: int, choice: str, label: str = "…") -> None:
        data = callbacks.quiz(quiz_id, choice)
        super().__init__(discord.ui.Button(label=label, custom_id=data, style=discord.ButtonStyle.secondary))
        self.quiz_id, self.choice = quiz_id, choice

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[discord.ui.View],
        match: re.Match[str],
    ) -> QuizButton:
        return cls(int(match["quiz"]), match["choice"], label_of(item))

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        await pressed(interaction, callbacks.QuizPress(self.quiz_id, self.choice))


class InstructionsButton(discord.ui.DynamicItem[discord.ui.Button], template=callbacks.INSTRUCTIONS_TEMPLATE):
    """ "?" under a task whose campaign has instructions: shows them, leaving the task open."""

    def __init__(self, task_id: int, label: str = "?") -> None:
        data = callbacks.instructions(task_id)
        super().__init__(discord.ui.Button(label=label, custom_id=data, style=discord.ButtonStyle.secondary))
        self.task_id = task_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[discord.ui.View],
        match: re.Match[str],
    ) -> InstructionsButton:
        return cls(int(match["task"]), label_of(item, "?"))

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        await pressed(interaction, callbacks.InstructionsPress(self.task_id))


class LanguageButton(discord.ui.DynamicItem[discord.ui.Button], template=callbacks.LANGUAGE_TEMPLATE):
    """One language of the /language list."""

    def __init__(self, code: str, label: str = "…") -> None:
        data = callbacks.language(code)
        super().__init__(discord.ui.Button(label=label, custom_id=data, style=discord.ButtonStyle.secondary))
        self.code = code

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[discord.Client],
        item: discord.ui.Item[discord.ui.View],
        match: re.Match[str],
    ) -> LanguageButton:
        return cls(match["code"], label_of(item))

    async def callback(self, interaction: discord.Interaction[discord.Client]) -> None:
        await pressed(interaction, callbacks.LanguagePress(self.code))


def label_of(item: discord.ui.Item[discord.ui.View], missing: str = "…") -> str:
    """The pressed button's label (the templates match buttons only; `missing` when Discord sent none)."""
    return (item.label if isinstance(item, discord.ui.Button) else None) or missing


async def pressed(interaction: discord.Interaction[discord.Client], press: callbacks.Press) -> None:
    """The bot owns the handlers; a button only says what was pressed."""
    if not reached_chatlabel(interaction):  # only our bot registers these items
        raise TypeError(f"a chatlabel button pressed on {type(interaction.client).__name__}")
    await interaction.client.on_press(interaction, press)
