"""Sentences only the Discord adapter needs: moderator commands, level roles, the quiz channel."""

from __future__ import annotations

from bot.common.texts.play import COMMANDS

# --- Discord: option help, moderator commands and the sentences only Discord needs ---
SCOPE_NAMES: dict[str, str] = {"all": "all time", "week": "this week", "community": "this server"}
MODERATOR_COMMANDS: dict[str, str] = {
    "levelrole": "give a role to the players of a level in this server",
    "quizchannel": "choose the channel of this server's daily quiz",
}
# Discord's own syntax where a command takes options: the option's name comes before its value.
DISCORD_USAGE: dict[str, str] = {
    "top": "the leaderboard: /top, /top scope:week, or /top scope:community for this server",
    "link": "link your Telegram and Discord accounts: /link for a one-time code, /link code:<code> to use one",
    "why": "why a settled task earned what it earned: /why task:<number> (the task # after each answer)",
    "wallet": "your payout wallet: /wallet text:<address> links one, /wallet alone shows yours",
    "claim": "turn your points into tokens: /claim, or /claim points:<points>",
    "campaign": "admins and server moderators: /campaign new, set, upload, start, pause, resume, close, stats, export",
}
# The community commands as a server sees them (Telegram's say "group").
SERVER_COMMANDS: dict[str, str] = {
    "quiz": "moderators: post a quiz in this channel that every member answers for themselves",
    "community": "moderators: this server's settings (daily quiz, how long quizzes stay open)",
    "ban": "moderators: ban a member from this server's tasks",
    "unban": "moderators: lift a ban",
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


def discord_help_text() -> str:
    """Every command in Discord's slash syntax, the server's moderator commands last."""
    lines = [f"/{name} — {DISCORD_USAGE.get(name, line)}" for name, line in COMMANDS]
    lines += [f"/{name} — {line}" for name, line in (*SERVER_COMMANDS.items(), *MODERATOR_COMMANDS.items())]
    return "Commands:\n" + "\n".join(lines)


def install_link(application_id: int | None) -> str:
    """Where a friend adds the bot when no install URL is configured: the app's own authorisation page."""
    return f"https://discord.com/oauth2/authorize?client_id={application_id}" if application_id else ""
