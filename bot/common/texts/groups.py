"""Group play: communities, group quizzes and moderator commands, shared by every chat adapter."""

from __future__ import annotations

from core.types import QuizClose, QuizResult

# --- group play: communities, group quizzes, moderator commands (shared by every chat adapter) ---
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("quiz", "moderators: post a quiz that every member answers for themselves"),
    ("top", "this group's leaderboard"),
    ("community", "moderators: this group's settings (daily quiz, how long quizzes stay open)"),
    ("ban", "moderators: reply to a member's message (or give their user id) to ban them from the group's tasks"),
    ("unban", "moderators: lift a ban"),
)
GROUP_ONLY = "That command works in a group I've been added to."
USAGE_TOP = "Use /top for all time or /top week for this week."
USAGE_BAN = "Reply to the member's message with the command, or give their numeric user id, e.g. /ban 123456789."
USAGE_COMMUNITY = "Use /community, /community daily on|off, or /community minutes <1-10080>."
USAGE_LINK = "Use /link for a code, or /link <code> with a code from the other platform."
NOT_A_PACK = "I can only read task packs (ZIP or CSV) sent by campaign admins with /campaign upload as the caption."
PLAIN_TEXT = "Answer with the buttons under a task, or send /help to see what I can do."


def private_only(link: str) -> str:
    return f"Let's do that in a private chat, so the group isn't flooded: {link}"


def community_welcome(title: str) -> str:
    return (
        f"👋 Hello {title}! This group is now a chatlabel community. Admins can post a quiz with /quiz; "
        "everyone answers for themselves and the results show when it closes. /top shows this group's leaderboard."
    )


def quiz_footer(minutes: int) -> str:
    return f"🗳 Everyone answers for themselves; the results show when the quiz closes (in {minutes} min)."


def quiz_recorded(choice_label: str, repeated: bool, counted: bool) -> str:
    """A short private confirmation of a press on a group quiz (the tallies stay hidden)."""
    if repeated:
        return f"You already answered: {choice_label}."
    if not counted:
        return f"Recorded: {choice_label} (too quick to count; take your time next one)."
    return f"Recorded: {choice_label}. Results when the quiz closes."


QUIZ_CLOSED_WHY = {
    QuizClose.TIME_UP: "time's up",
    QuizClose.SETTLED: "closed early: enough answers came in to settle the item",
    QuizClose.CAMPAIGN_STOPPED: "closed early: its campaign was paused or closed",
}
RIGHT_SHOWN = 10


def quiz_results(question_text: str, result: QuizResult) -> str:
    """The group's own tallies, why the quiz closed, the consensus and who in the group matched it."""
    total = sum(count for _, count in result.tallies)
    lines = [
        question_text,
        "",
        f"🔒 Closed ({QUIZ_CLOSED_WHY[result.reason]}) — {total} answer{'s' if total != 1 else ''}:",
    ]
    lines += [f"{c.label}: {count} ({count / total:.0%})" if total else f"{c.label}: 0" for c, count in result.tallies]
    if result.answer is None:
        lines.append("No consensus on this one yet, so nobody is right or wrong for now.")
        return "\n".join(lines)
    lines.append(f"{'✅ Consensus' if result.settled else '➡️ The crowd leans to'}: {result.answer.label}")
    if not result.right:
        lines.append("Nobody here picked it.")
    else:
        names = ", ".join(result.right[:RIGHT_SHOWN])
        more = len(result.right) - RIGHT_SHOWN
        lines.append(f"Right: {names}" + (f" and {more} more" if more > 0 else ""))
    return "\n".join(lines)


def community_settings(title: str, daily_quiz: bool, quiz_minutes: int, hour: int, members: int, banned: int) -> str:
    daily = f"on, at {hour:02d}:00 UTC" if daily_quiz else "off"
    return (
        f"⚙️ {title}\nDaily quiz: {daily}\nQuizzes stay open: {quiz_minutes} min\n"
        f"Members who played: {members} (banned: {banned})\n{USAGE_COMMUNITY}"
    )


def banned(name: str) -> str:
    return f"🚫 {name} can no longer answer this group's tasks."


def unbanned(name: str) -> str:
    return f"✅ {name} can answer this group's tasks again."
