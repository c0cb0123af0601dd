"""Group play: communities, group quizzes and moderator commands, shared by every chat adapter."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.words import count
from core.types import QuizClose, QuizResult

# --- group play: communities, group quizzes, moderator commands (shared by every chat adapter) ---
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("quiz", N_("moderators: post a quiz that every member answers for themselves")),
    ("top", N_("this group's leaderboard")),
    ("community", N_("moderators: this group's settings (daily quiz, how long quizzes stay open)")),
    ("ban", N_("moderators: reply to a member's message (or give their user id) to ban them from the group's tasks")),
    ("unban", N_("moderators: lift a ban")),
)
GROUP_ONLY = N_("That command works in a group I've been added to.")
USAGE_TOP = N_("Use /top for all time or /top week for this week.")
USAGE_BAN = N_("Reply to the member's message with the command, or give their numeric user id, e.g. /ban 123456789.")
USAGE_COMMUNITY = N_("Use /community, /community daily on|off, or /community minutes <1-10080>.")
USAGE_LINK = N_("Use /link for a code, or /link <code> with a code from the other platform.")
NOT_A_PACK = N_("I can only read task packs (ZIP or CSV) sent by campaign admins with /campaign upload as the caption.")
PLAIN_TEXT = N_("Answer with the buttons under a task, or send /help to see what I can do.")


def group_help_text() -> str:
    return _("Commands here:") + "\n" + "\n".join(f"/{name} — {_(line)}" for name, line in GROUP_COMMANDS)


def private_only(link: str) -> str:
    return _("Let's do that in a private chat, so the group isn't flooded: {link}").format(link=link)


def community_welcome(title: str) -> str:
    return _(
        "👋 Hello {title}! This group is now a chatlabel community. Admins can post a quiz with /quiz; "
        "everyone answers for themselves and the results show when it closes. /top shows this group's leaderboard."
    ).format(title=title)


def quiz_footer(minutes: int) -> str:
    return _("🗳 Everyone answers for themselves; the results show when the quiz closes (in {minutes} min).").format(
        minutes=minutes
    )


def quiz_recorded(choice_label: str, repeated: bool, counted: bool) -> str:
    """A short private confirmation of a press on a group quiz (the tallies stay hidden)."""
    if repeated:
        return _("You already answered: {choice}.").format(choice=choice_label)
    if not counted:
        return _("Recorded: {choice} (too quick to count; take your time next one).").format(choice=choice_label)
    return _("Recorded: {choice}. Results when the quiz closes.").format(choice=choice_label)


QUIZ_CLOSED_WHY = {
    QuizClose.TIME_UP: N_("time's up"),
    QuizClose.SETTLED: N_("closed early: enough answers came in to settle the item"),
    QuizClose.CAMPAIGN_STOPPED: N_("closed early: its campaign was paused or closed"),
}
RIGHT_SHOWN = 10


def quiz_results(question_text: str, result: QuizResult) -> str:
    """The group's own tallies, why the quiz closed, the consensus and who in the group matched it."""
    total = sum(count for _label, count in result.tallies)
    closed = _("🔒 Closed ({why}) — {answers}:").format(
        why=_(QUIZ_CLOSED_WHY[result.reason]), answers=count(total, "answer")
    )
    lines = [question_text, "", closed]
    lines += [f"{c.label}: {n} ({n / total:.0%})" if total else f"{c.label}: 0" for c, n in result.tallies]
    if result.answer is None:
        lines.append(_("No consensus on this one yet, so nobody is right or wrong for now."))
        return "\n".join(lines)
    lean = _("✅ Consensus: {answer}") if result.settled else _("➡️ The crowd leans to: {answer}")
    lines.append(lean.format(answer=result.answer.label))
    if not result.right:
        lines.append(_("Nobody here picked it."))
    else:
        names = ", ".join(result.right[:RIGHT_SHOWN])
        more = len(result.right) - RIGHT_SHOWN
        right = _("Right: {names} and {more} more") if more > 0 else _("Right: {names}")
        lines.append(right.format(names=names, more=more))
    return "\n".join(lines)


def community_settings(title: str, daily_quiz: bool, quiz_minutes: int, hour: int, members: int, banned: int) -> str:
    daily = _("on, at {hour:02d}:00 UTC").format(hour=hour) if daily_quiz else _("off")
    return _(
        "⚙️ {title}\nDaily quiz: {daily}\nQuizzes stay open: {minutes} min\nMembers who played: {members} "
        "(banned: {banned})\n{usage}"
    ).format(title=title, daily=daily, minutes=quiz_minutes, members=members, banned=banned, usage=_(USAGE_COMMUNITY))


def banned(name: str, place: str = "group") -> str:
    """`place` is what the platform calls a community: a group on Telegram, a server on Discord."""
    if place == "server":
        return _("🚫 {name} can no longer answer this server's tasks.").format(name=name)
    return _("🚫 {name} can no longer answer this group's tasks.").format(name=name)


def unbanned(name: str, place: str = "group") -> str:
    if place == "server":
        return _("✅ {name} can answer this server's tasks again.").format(name=name)
    return _("✅ {name} can answer this group's tasks again.").format(name=name)
