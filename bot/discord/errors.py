"""The one error handler: a `GameError` is shown with its own sentence, anything else is logged with its
traceback and answered with a short apology. Nothing raised by a handler stops the bot."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.common import texts
from core.errors import GameError, NotModerator

log = logging.getLogger("chatlabel.discord")


def user_sentence(error: BaseException) -> str:
    """What the user reads for an error; only unexpected ones are logged with their traceback."""
    if isinstance(error, app_commands.CommandInvokeError):
        error = error.original
    if isinstance(error, NotModerator):
        return texts.MODERATORS_ONLY  # the core's sentence speaks of a group's admins
    if isinstance(error, GameError):
        return texts.refusal(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return texts.NOT_IN_SERVER
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return texts.MODERATORS_ONLY
    if isinstance(error, app_commands.TransformerError | app_commands.CommandSignatureMismatch):
        return texts.BAD_OPTION
    if isinstance(error, app_commands.CommandNotFound):
        return texts.UNKNOWN_COMMAND
    log.error("unexpected error in a Discord interaction", exc_info=error)
    return texts.APOLOGY


async def report(interaction: discord.Interaction[discord.Client], error: BaseException) -> None:
    """Answer the user privately; a failure to answer (expired token, Discord down) is only logged."""
    sentence = user_sentence(error)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(sentence, ephemeral=True)
        else:
            await interaction.response.send_message(sentence, ephemeral=True)
    except discord.HTTPException as exc:
        log.warning("could not tell the user about an error: %s", exc)
