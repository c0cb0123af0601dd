"""Discord identities as the core sees them: a user is a `UserRef`, a server (guild) is a community."""

from __future__ import annotations

import discord

from core.types import CommunityRef, UserRef

PLATFORM = "discord"


def to_user(user: discord.abc.User) -> UserRef:
    return UserRef(PLATFORM, str(user.id), user.display_name[:128])


def community(guild: discord.Guild | None) -> CommunityRef | None:
    return community_ref(guild) if guild is not None else None


def is_moderator(interaction: discord.Interaction) -> bool:
    """Members with Manage Server are the community's moderators (as Discord computed them for this interaction)."""
    perms = interaction.permissions
    return interaction.guild is not None and (perms.manage_guild or perms.administrator)


def community_ref(guild: discord.Guild) -> CommunityRef:
    return CommunityRef(PLATFORM, str(guild.id), guild.name[:256])


def message_ref(message: discord.Message | discord.InteractionMessage) -> str:
    """Where a quiz is shown, so closing it can reveal the tallies in place."""
    return f"{message.channel.id}:{message.id}"
