"""Discord identities as the core sees them: a user is a `UserRef`, a server (guild) is a community."""

from __future__ import annotations

import discord

from core.types import UserRef

PLATFORM = "discord"


def to_user(user: discord.abc.User) -> UserRef:
    return UserRef(PLATFORM, str(user.id), user.display_name[:128])


def community(guild: discord.Guild | None) -> tuple[str, str] | None:
    return (PLATFORM, str(guild.id)) if guild is not None else None


def is_moderator(interaction: discord.Interaction) -> bool:
    """Members with Manage Server are the community's moderators."""
    member = interaction.user
    return isinstance(member, discord.Member) and member.guild_permissions.manage_guild
