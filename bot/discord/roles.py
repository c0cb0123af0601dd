"""Level roles: each server may give a Discord role per level; a player holds the role of their level only.

When the bot lacks Manage Roles (or the role sits above its own) the server's owner is told in plain words,
once per server and run, instead of failing silently on every level change.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.common import texts

if TYPE_CHECKING:
    from bot.discord.app import ChatlabelBot

log = logging.getLogger("chatlabel.discord")
REASON = "chatlabel level change"


async def level_roles(client: ChatlabelBot) -> dict[str, dict[int, str]]:
    """guild id -> level -> role id, for every server that configured any."""
    return await client.game.prefs.level_roles()


async def set_level_role(client: ChatlabelBot, guild_id: int, level: int, role_id: int | None) -> None:
    await client.game.prefs.set_level_role(str(guild_id), level, str(role_id) if role_id is not None else None)


async def follow_level(client: ChatlabelBot, user: discord.abc.User, level: int) -> None:
    """Give the role of `level` and take the other level roles, in every server that configured them."""
    for guild_id, by_level in (await level_roles(client)).items():
        guild = client.get_guild(int(guild_id))
        if guild is None:
            continue
        try:
            await _apply(await _member(guild, user), by_level, level)
        except discord.NotFound:
            continue  # not a member of that server (or the role was deleted)
        except discord.Forbidden:
            await _tell_owner(client, guild)


async def _member(guild: discord.Guild, user: discord.abc.User) -> discord.Member:
    """The member who pressed in this server comes with the interaction; elsewhere ask Discord."""
    if isinstance(user, discord.Member) and user.guild.id == guild.id:
        return user
    return guild.get_member(user.id) or await guild.fetch_member(user.id)


async def _apply(member: discord.Member, by_level: dict[int, str], level: int) -> None:
    held = {role.id for role in member.roles}
    wanted = int(by_level[level]) if level in by_level else None
    stale = [discord.Object(int(r)) for lvl, r in by_level.items() if lvl != level and int(r) in held]
    if stale:
        await member.remove_roles(*stale, reason=REASON)
    if wanted is not None and wanted not in held:
        await member.add_roles(discord.Object(wanted), reason=REASON)


async def _tell_owner(client: ChatlabelBot, guild: discord.Guild) -> None:
    told: set[int] = client.told_about_roles
    if guild.id in told:
        return
    told.add(guild.id)
    log.warning("missing Manage Roles in guild %s", guild.id)
    if guild.owner_id is None:  # Discord did not say who owns it: nobody to tell
        return
    try:
        channel = await client.create_dm(discord.Object(guild.owner_id))
        await channel.send(texts.missing_manage_roles(guild.name))
    except discord.HTTPException as exc:
        log.warning("could not tell the owner of guild %s: %s", guild.id, exc)


def problem_with(guild: discord.Guild, role: discord.Role) -> str | None:
    """Why the bot could not give `role`, in plain words, or None when it can."""
    me = guild.me
    if me is None or not me.guild_permissions.manage_roles:
        return texts.missing_manage_roles(guild.name)
    if role >= me.top_role or role.managed or role.is_default():
        return texts.role_above_me(role.name)
    return None
