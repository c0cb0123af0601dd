"""Discord identities as the core sees them: a user is a `UserRef`, a server (guild) is a community."""

from __future__ import annotations

from typing import Final

import discord
from discord import app_commands

from core.types import CommunityRef, Platform, UserRef

PLATFORM: Final[Platform] = "discord"


def to_user(user: discord.abc.User) -> UserRef:
    return UserRef(PLATFORM, str(user.id), user.display_name[:128])


def community(guild: discord.Guild | None) -> CommunityRef | None:
    return community_ref(guild) if guild is not None else None


def guild_of(interaction: discord.Interaction[discord.Client]) -> discord.Guild:
    """The server of a `guild_only` command: Discord hides those in DMs, but old clients may still send one."""
    if interaction.guild is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild


def is_moderator(interaction: discord.Interaction[discord.Client]) -> bool:
    """Members with Manage Server are the community's moderators (as Discord computed them for this interaction)."""
    perms = interaction.permissions
    return interaction.guild is not None and (perms.manage_guild or perms.administrator)


def community_ref(guild: discord.Guild) -> CommunityRef:
    return CommunityRef(PLATFORM, str(guild.id), guild.name[:256])


def message_ref(message: discord.Message | discord.InteractionMessage) -> str:
    """Where a quiz is shown, so closing it can reveal the tallies in place."""
    return f"{message.channel.id}:{message.id}"
