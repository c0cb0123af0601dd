"""Sentences only the Discord adapter needs: moderator commands, level roles, the quiz channel."""

from __future__ import annotations

# --- Discord: option help, moderator commands and the sentences only Discord needs ---
SCOPE_NAMES: dict[str, str] = {"all": "all time", "week": "this week", "community": "this server"}
MODERATOR_COMMANDS: dict[str, str] = {
    "levelrole": "give a role to the players of a level in this server",
    "quizchannel": "choose the channel of this server's daily quiz",
}
NOT_IN_SERVER = "This command works in a server, not in direct messages."
MODERATORS_ONLY = "Only moderators (members with Manage Server) can do that."
BAD_OPTION = "That option isn't valid here. Send /help to see how each command is used."
QUIZ_CHANNEL_CLEARED = "🗓 The daily quiz is off for this server."


def invite_command(code: str, install_url: str = "") -> str:
    """Where a platform has no deep links into the bot: how a friend joins with the code."""
    command = f"/start code:{code}"
    return f"{install_url}\nthen send {command}" if install_url else f"send {command} to the bot"


def level_role_set(level_title: str, role_name: str) -> str:
    return f"✅ Players who reach {level_title} now get the {role_name} role here."


def level_role_cleared(level_title: str) -> str:
    return f"✅ Players of {level_title} no longer get a role here."


def unknown_level(titles: tuple[str, ...]) -> str:
    return f"There's no such level. The levels are: {', '.join(titles)}."


def missing_manage_roles(server: str) -> str:
    return (
        f"⚠️ I can't give level roles in {server}: I need the Manage Roles permission. "
        "Give it to my role in Server Settings → Roles, and keep my role above the level roles."
    )


def role_above_me(role_name: str) -> str:
    return (
        f"⚠️ I can't give {role_name}: it sits above my own role (or is managed by Discord). "
        "Drag my role above it in Server Settings → Roles."
    )


def quiz_channel_set(channel: str, hour: int) -> str:
    return f"🗓 The daily quiz will be posted in {channel} every day at {hour:02d}:00 UTC."
