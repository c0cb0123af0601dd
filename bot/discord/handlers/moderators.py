"""Server commands for moderators (members with Manage Server): level roles and the daily quiz channel."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.common import texts
from bot.common.views import Reply
from bot.discord import render, roles, settings_store
from bot.discord.interaction import Interaction
from bot.discord.users import guild_of, is_moderator
from core.errors import GameError


def moderators_only(interaction: Interaction) -> bool:
    """Discord hides these commands from members without Manage Server; this check holds when it does not."""
    guild_of(interaction)
    return is_moderator(interaction)


async def level_choices(interaction: Interaction, typed: str) -> list[app_commands.Choice[str]]:
    ladder = interaction.client.settings.levels.ladder
    found = [level for level in ladder if typed.lower() in level.title.lower()]
    return [app_commands.Choice(name=level.title, value=level.key) for level in found][:25]


def level_index(interaction: Interaction, wanted: str) -> int:
    ladder = interaction.client.settings.levels.ladder
    for index, level in enumerate(ladder):
        if wanted.strip().lower() in (level.key.lower(), level.title.lower(), str(index + 1)):
            return index
    raise GameError(texts.unknown_level(tuple(level.title for level in ladder)))


@app_commands.command(name="levelrole", description=texts.MODERATOR_COMMANDS["levelrole"])
@app_commands.describe(level=texts.OPTION_HELP["level"], role=texts.OPTION_HELP["role"])
@app_commands.autocomplete(level=level_choices)
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
@app_commands.check(moderators_only)
async def levelrole(interaction: Interaction, level: str, role: discord.Role | None = None) -> None:
    """Give `role` to players of `level` in this server (no role: stop giving one); warns when it cannot."""
    index = level_index(interaction, level)
    title = interaction.client.settings.levels.ladder[index].title
    guild = guild_of(interaction)
    await roles.set_level_role(interaction.client, guild.id, index, role.id if role else None)
    problem = roles.problem_with(guild, role) if role else None
    done = texts.level_role_set(title, role.name) if role else texts.level_role_cleared(title)
    await render.send(interaction, Reply("\n".join(filter(None, (done, problem)))))


@app_commands.command(name="quizchannel", description=texts.MODERATOR_COMMANDS["quizchannel"])
@app_commands.describe(channel=texts.OPTION_HELP["channel"])
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
@app_commands.check(moderators_only)
async def quizchannel(interaction: Interaction, channel: discord.TextChannel | None = None) -> None:
    """Where this server's daily quiz is posted (no channel: no daily quiz)."""
    guild = guild_of(interaction)
    await settings_store.set_quiz_channel(interaction.client, guild.id, channel.id if channel else None)
    hour = interaction.client.settings.discord.daily_quiz_hour
    text = texts.quiz_channel_set(channel.mention, hour) if channel else texts.QUIZ_CHANNEL_CLEARED
    await render.send(interaction, Reply(text))


COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (levelrole, quizchannel)
