"""Who moderates a server, as Discord says it (Manage Server in this interaction), for the core to mirror before
moderator and campaign commands."""

from __future__ import annotations

import discord

from bot.common.campaigns import Ask
from bot.discord.users import PLATFORM, is_moderator
from core.types import CommunityRef


def member_moderates(member: discord.Member) -> bool:
    """A member named in a command: Manage Server as Discord resolved it for this interaction."""
    perms = member.resolved_permissions or member.guild_permissions
    return perms.manage_guild or perms.administrator


def asker(interaction: discord.Interaction[discord.Client]) -> Ask:
    """How a campaign command asks about its caller: only an interaction inside the server carries their
    permissions there, so a server's campaigns are moderated from that server (None elsewhere: not ours to say)."""

    async def ask(where: CommunityRef) -> bool | None:
        here = interaction.guild
        if where.platform != PLATFORM or here is None or str(here.id) != where.external_id:
            return None
        return is_moderator(interaction)

    return ask
