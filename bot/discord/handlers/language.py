"""The player's language: which one each interaction is answered in, and /language to choose it."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from bot.common import callbacks, languages, texts, views
from bot.common.views import Reply
from bot.discord import render
from bot.discord.handlers.members import described
from bot.discord.interaction import Interaction
from bot.discord.timing import in_time
from bot.discord.users import to_user


async def speak(interaction: Interaction) -> None:
    """Before a command or a press runs (in its task): the user's chosen language, else their Discord client's."""
    chosen = await interaction.client.game.language(to_user(interaction.user))
    texts.use(chosen, interaction.locale.value)


@described("language")
@app_commands.describe(code=texts.OPTION_HELP["language"])
async def language(interaction: Interaction, code: app_commands.Range[str, 1, 16] | None = None) -> None:
    """No code: the languages as buttons. A code: the game speaks it with you from now on."""
    if code is None:
        await render.send(interaction, views.language_choices())
        return
    said = await in_time(interaction, languages.choose(interaction.client.game, to_user(interaction.user), code))
    await render.send(interaction, Reply(said))


async def chosen(interaction: Interaction, press: callbacks.LanguagePress) -> None:
    """A language button: the list becomes the confirmation, in the language just chosen."""
    said = await in_time(interaction, languages.choose(interaction.client.game, to_user(interaction.user), press.code))
    await render.rewrite(interaction, Reply(said))


COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (language,)
