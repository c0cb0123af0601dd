"""Group play in a server: `/quiz` for everyone in the channel, `/community` settings, `/ban` and `/unban`.

A server is a community; members with Manage Server are its moderators (the platform is the authority, the core
mirrors it with `check_moderator` before any moderator use case).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.common import languages, texts, views
from bot.common.views import Reply
from bot.discord import render
from bot.discord.interaction import Interaction
from bot.discord.moderation import member_moderates
from bot.discord.timing import in_time
from bot.discord.users import community_ref, guild_of, is_moderator, message_ref, to_user
from core.settings.platforms import MAX_QUIZ_MINUTES
from core.types import CommunityRef, Quiz

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

DESCRIPTIONS = texts.SERVER_COMMANDS


async def moderator(interaction: Interaction) -> CommunityRef:
    """The server as a community, after the core has recorded (and checked) that the caller moderates it."""
    ref = community_ref(guild_of(interaction))
    await interaction.client.game.check_moderator(ref, to_user(interaction.user), is_moderator(interaction))
    return ref


@app_commands.command(name="quiz", description=DESCRIPTIONS["quiz"])
@app_commands.guild_only()
async def quiz(interaction: Interaction) -> None:
    """Post a quiz to this channel; each member's press is their own answer, the tallies stay hidden."""
    game, ref = interaction.client.game, await moderator(interaction)
    posted = await in_time(interaction, game.post_quiz(ref, to_user(interaction.user)), private=False)
    with texts.speaking(await languages.of_group(game, ref)):  # for the whole server, as the daily quiz
        reply = with_footer(posted, interaction.client)
    await render.send(interaction, reply)
    await game.quiz_posted(posted.quiz_id, message_ref(await interaction.original_response()))


def with_footer(posted: Quiz, client: ChatlabelBot) -> Reply:
    minutes = max(1, round((posted.closes_at - client.game.deps.clock.now()).total_seconds() / 60))
    return views.with_footer(views.quiz(posted.prompt, posted.quiz_id), texts.quiz_footer(minutes))


@app_commands.command(name="community", description=DESCRIPTIONS["community"])
@app_commands.describe(daily=texts.OPTION_HELP["daily"], minutes=texts.OPTION_HELP["minutes"])
@app_commands.guild_only()
async def community(
    interaction: Interaction,
    daily: bool | None = None,
    minutes: app_commands.Range[int, 1, MAX_QUIZ_MINUTES] | None = None,
) -> None:
    """Show this server's settings, or change the daily quiz and how long quizzes stay open."""
    game, ref = interaction.client.game, await moderator(interaction)
    by = to_user(interaction.user)
    info = await game.configure_community(ref, by, daily_quiz=daily, quiz_minutes=minutes)
    hour = interaction.client.settings.discord.daily_quiz_hour
    text = texts.community_settings(info.title, info.daily_quiz, info.quiz_minutes, hour, info.members, info.banned)
    await render.send(interaction, Reply(text))


@app_commands.command(name="ban", description=DESCRIPTIONS["ban"])
@app_commands.describe(member=texts.OPTION_HELP["member"])
@app_commands.guild_only()
async def ban(interaction: Interaction, member: discord.Member) -> None:
    """Stop a member from answering this server's tasks and quizzes."""
    ref, game = await moderator(interaction), interaction.client.game
    # Discord's word on the member too: an old moderator flag must not shield someone who lost Manage Server.
    await game.record_moderator(ref, to_user(member), member_moderates(member))
    name = await game.set_banned(ref, to_user(interaction.user), to_user(member), True)
    await render.send(interaction, Reply(texts.banned(name, "server")))


@app_commands.command(name="unban", description=DESCRIPTIONS["unban"])
@app_commands.describe(member=texts.OPTION_HELP["member"])
@app_commands.guild_only()
async def unban(interaction: Interaction, member: discord.Member) -> None:
    """Lift a ban."""
    ref = await moderator(interaction)
    name = await interaction.client.game.set_banned(ref, to_user(interaction.user), to_user(member), False)
    await render.send(interaction, Reply(texts.unbanned(name, "server")))


COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (quiz, community, ban, unban)
