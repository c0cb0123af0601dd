"""Sentences only the Discord adapter needs: moderator commands, level roles, the quiz channel."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.play import COMMANDS

# --- Discord: option help, moderator commands and the sentences only Discord needs ---
SCOPE_NAMES: dict[str, str] = {"all": N_("all time"), "week": N_("this week"), "community": N_("this server")}
MODERATOR_COMMANDS: dict[str, str] = {
    "levelrole": N_("give a role to the players of a level in this server"),
    "quizchannel": N_("choose the channel of this server's daily quiz"),
}
# Discord's own syntax where a command takes options: the option's name comes before its value.
DISCORD_USAGE: dict[str, str] = {
    "top": N_("the leaderboard: /top, /top scope:week, or /top scope:community for this server"),
    "link": N_("link your Telegram and Discord accounts: /link for a one-time code, /link code:<code> to use one"),
    "why": N_("why a settled task earned what it earned: /why task:<number> (the task # after each answer)"),
    "wallet": N_("your payout wallet: /wallet text:<address> links one, /wallet alone shows yours"),
    "claim": N_("turn your points into tokens: /claim, or /claim points:<points>"),
    "language": N_("the language I speak with you: /language alone lists them, /language code:<code> sets one"),
    "campaign": N_(
        "admins and server moderators: /campaign new, set, upload, start, pause, resume, close, stats, export"
    ),
}
# The community commands as a server sees them (Telegram's say "group").
SERVER_COMMANDS: dict[str, str] = {
    "quiz": N_("moderators: post a quiz in this channel that every member answers for themselves"),
    "community": N_("moderators: this server's settings (daily quiz, how long quizzes stay open)"),
    "ban": N_("moderators: ban a member from this server's tasks"),
    "unban": N_("moderators: lift a ban"),
}
NOT_IN_SERVER = N_("This command works in a server, not in direct messages.")
MODERATORS_ONLY = N_("Only moderators (members with Manage Server) can do that.")
BAD_OPTION = N_("That option isn't valid here. Send /help to see how each command is used.")
QUIZ_CHANNEL_CLEARED = N_("🗓 The daily quiz is off for this server.")


def invite_command(code: str, install_url: str = "") -> str:
    """Where a platform has no deep links into the bot: how a friend joins with the code."""
    command = f"/start code:{code}"
    if install_url:
        return _("{url}\nthen send {command}").format(url=install_url, command=command)
    return _("send {command} to the bot").format(command=command)


def level_role_set(level_title: str, role_name: str) -> str:
    return _("✅ Players who reach {level} now get the {role} role here.").format(level=level_title, role=role_name)


def level_role_cleared(level_title: str) -> str:
    return _("✅ Players of {level} no longer get a role here.").format(level=level_title)


def unknown_level(titles: tuple[str, ...]) -> str:
    return _("There's no such level. The levels are: {levels}.").format(levels=", ".join(titles))


def missing_manage_roles(server: str) -> str:
    return _(
        "⚠️ I can't give level roles in {server}: I need the Manage Roles permission. "
        "Give it to my role in Server Settings → Roles, and keep my role above the level roles."
    ).format(server=server)


def role_above_me(role_name: str) -> str:
    return _(
        "⚠️ I can't give {role}: it sits above my own role (or is managed by Discord). "
        "Drag my role above it in Server Settings → Roles."
    ).format(role=role_name)


def quiz_channel_set(channel: str, hour: int) -> str:
    return _("🗓 The daily quiz will be posted in {channel} every day at {hour:02d}:00 UTC.").format(
        channel=channel, hour=hour
    )


def discord_help_text() -> str:
    """Every command in Discord's slash syntax, the server's moderator commands last."""
    lines = [f"/{name} — {_(DISCORD_USAGE.get(name, line))}" for name, line in COMMANDS]
    lines += [f"/{name} — {_(line)}" for name, line in (*SERVER_COMMANDS.items(), *MODERATOR_COMMANDS.items())]
    return _("Commands:") + "\n" + "\n".join(lines)


def install_link(application_id: int | None) -> str:
    """Where a friend adds the bot when no install URL is configured: the app's own authorisation page."""
    return f"https://discord.com/oauth2/authorize?client_id={application_id}" if application_id else ""
