"""The game itself: commands, tasks, outcomes, check-ins, profiles, leaderboards, invites, notices."""

from __future__ import annotations

from bot.common.texts.payouts import payout_alert
from bot.common.texts.rewards import claim_paid, wallet_changed
from core.types import (
    REPORT,
    SKIP,
    CheckIn,
    Invite,
    Leaderboard,
    LevelChange,
    Notice,
    NoticeKind,
    Outcome,
    Profile,
    Progress,
    Prompt,
    TaskKind,
    Welcome,
)

# The same commands, with the same meaning, on every platform.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "join the game (or rejoin) and get your first task"),
    ("play", "get your next task"),
    ("checkin", "daily check-in: keep your streak going for bigger rewards"),
    ("profile", "your level, progress, streak, accuracy, points and rank"),
    ("top", "the leaderboard (add 'week' for this week)"),
    ("invite", "your invite link: you are rewarded when a friend proves to be a good labeler"),
    ("link", "link your Telegram and Discord accounts (a one-time code)"),
    ("why", "why a settled task earned what it earned: /why <task number>"),
    ("wallet", "your payout wallet: /wallet <address> links one, /wallet alone shows yours"),
    ("claim", "turn your points into tokens: /claim, or /claim <points>"),
    ("claims", "your claims and whether they are paid"),
    ("campaign", "admins: new, set, upload, start, pause, resume, close, stats, export a labeling campaign"),
    ("help", "this list"),
)

APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
STALE_BUTTON = "This button is no longer valid."


def progress_bar(progress: Progress, width: int = 10) -> str:
    filled = round(progress.fraction * width)
    return "▰" * filled + "▱" * (width - filled)


def progress_line(progress: Progress) -> str:
    if progress.next_title is None:
        return f"🏆 {progress.level_title} — the top level"
    accuracy = "–" if progress.accuracy is None else f"{progress.accuracy:.0%}"
    return (
        f"{progress.level_title} {progress_bar(progress)} → {progress.next_title} "
        f"(checks {min(progress.gold_answered, progress.gold_needed)}/{progress.gold_needed}, "
        f"accuracy {accuracy} of {progress.accuracy_needed:.0%} needed)"
    )


def welcome(facts: Welcome) -> str:
    if not facts.new:
        return f"👋 Welcome back! {progress_line(facts.progress)}"
    lines = [
        "👋 Welcome to chatlabel!",
        "Answer short quizzes to help label data for AI. Answers that agree with the crowd earn points; "
        "accurate players level up to new kinds of tasks.",
    ]
    if facts.invited_by:
        lines.append(f"You were invited by {facts.invited_by}: you both get a bonus when you reach the next level.")
    lines.append(progress_line(facts.progress))
    return "\n".join(lines)


def prompt(task: Prompt) -> str:
    """The task as text; image tasks show this as the caption of the picture."""
    lines = [f"❓ {task.question}"]
    if task.kind is TaskKind.COMPARISON and task.answers:
        if task.text:
            lines.append(f"“{task.text}”")
        for choice, text in zip(task.choices, task.answers, strict=False):
            lines.append(f"{choice.label}: {text}")
    elif task.text:
        lines.append(task.text)
    if task.instructions:  # the player's first task of this campaign
        lines.insert(1, f"ℹ️ {clip(task.instructions, INSTRUCTIONS_SHOWN)}")
    return "\n\n".join(lines)


# Instructions may be 2,000 characters; on a task they share a caption of 1,024 with the question.
INSTRUCTIONS_SHOWN = 500


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SET_ASIDE_BUTTONS = {SKIP: "🤷 Not sure", REPORT: "⚠️ Broken item"}
SET_ASIDE_CHOSEN = {SKIP: "Skipped: not sure", REPORT: "Reported as broken"}
SET_ASIDE_DONE = {
    SKIP: "Skipped. It doesn't count for or against you, and you won't see it again.",
    REPORT: "Thanks, reported: the campaign's admins see it. You won't see this item again.",
}


def chosen(outcome: Outcome) -> str:
    """What the task message says after the press (its buttons are gone)."""
    if outcome.choice.key in SET_ASIDE_CHOSEN:
        return SET_ASIDE_CHOSEN[outcome.choice.key]
    return f"Your answer: {outcome.choice.label}"


def outcome(result: Outcome) -> str:
    if result.repeated and result.choice.key in SET_ASIDE_CHOSEN:
        return f"You already set this one aside ({SET_ASIDE_CHOSEN[result.choice.key].lower()})."
    if result.set_aside is not None:
        done = SET_ASIDE_DONE[result.set_aside]
        return done if result.next_prompt is not None else done + "\nThat's all the tasks for you right now."
    if result.repeated:
        return f"You already answered this one ({result.choice.label})."
    lines = []
    if not result.counted:
        lines.append("⏱ That was quicker than anyone can read; it's recorded but doesn't count. Take your time!")
    if result.gold is not None:
        lines.append(
            "✅ Right!" if result.gold.correct else f"❌ Not quite: the answer was {result.gold.answer.label}."
        )
    if result.points:
        lines.append(f"+{result.points} points")
    if result.level_change:
        lines.append(level_change(result.level_change))
    if result.next_prompt is None:
        lines.append("That's all the tasks for you right now. Check back soon!")
    return "\n".join(lines) or "Recorded."


def level_change(change: LevelChange) -> str:
    if change.promoted:
        return f"🎉 Level up! You are now {change.new_title}. New kinds of tasks are unlocked."
    return f"📉 Your accuracy dropped, so you're back to {change.new_title}. Prove yourself again to move up!"


def check_in(facts: CheckIn) -> str:
    return (
        f"📅 Checked in! Streak: {facts.streak} day{'s' if facts.streak != 1 else ''}. +{facts.points} points.\n"
        f"Come back tomorrow for +{facts.next_points}."
    )


def profile(facts: Profile) -> str:
    accuracy = "–" if facts.accuracy is None else f"{facts.accuracy:.0%} on {facts.gold_answered} checks"
    return "\n".join(
        [
            f"👤 {facts.display_name}",
            progress_line(facts.progress),
            f"🔥 Streak: {facts.streak}   🎯 Accuracy: {accuracy}",
            f"💰 Points: {facts.points}   🏅 Rank: {facts.rank} of {facts.players}   📝 Answers: {facts.answers}",
        ]
    )


def leaderboard(board: Leaderboard) -> str:
    title = {
        "all": "🏆 Top players",
        "week": "🏆 Top players this week",
        "community": "🏆 Top in this community",
    }
    lines = [title[board.scope]]
    if not board.rows:
        lines.append("Nobody has points yet. Be the first: /play")
    for row in board.rows:
        lines.append(f"{row.rank}. {row.display_name} — {row.points} ({row.level_title})")
    if board.you and all(row.rank != board.you.rank for row in board.rows):
        lines.append(f"…\n{board.you.rank}. You — {board.you.points}")
    return "\n".join(lines)


def invite(facts: Invite, link: str) -> str:
    return (
        f"🤝 Invite friends with this link:\n{link}\n"
        f"You get +{facts.reward_points} points when they reach the next level. "
        f"Invited so far: {facts.invited} ({facts.rewarded} rewarded)."
    )


def link_code(code: str, minutes: int) -> str:
    return (
        f"🔗 Your link code: {code}\nSend /link {code} to the bot on the other platform within {minutes} minutes "
        "to use one account on both."
    )


def linked(platforms: tuple[str, ...]) -> str:
    return f"🔗 Linked: this account now plays on {', '.join(platforms)}."


def identity_linked(facts: dict[str, str | int | float]) -> str:
    where = str(facts.get("platform") or "another platform").capitalize()
    return (
        f"🔗 A {where} account was just linked to yours with one of your link codes. If that wasn't you, someone "
        "has your code: whoever holds one can play and claim as you. Keep link codes private."
    )


def notice(item: Notice) -> str:
    facts = item.facts
    if item.kind is NoticeKind.REFERRAL_REWARD:
        return f"🤝 {facts.get('invitee')} reached the next level: +{facts.get('points')} points for inviting them!"
    if item.kind is NoticeKind.STREAK_REMINDER:
        return f"🔥 Your {facts.get('streak')}-day streak ends today unless you /checkin!"
    if item.kind is NoticeKind.CLAIM_PAID:
        return claim_paid(facts)
    if item.kind is NoticeKind.PAYOUT_ALERT:
        return payout_alert(facts)
    if item.kind is NoticeKind.WALLET_CHANGED:
        return wallet_changed(facts)
    if item.kind is NoticeKind.IDENTITY_LINKED:
        return identity_linked(facts)
    if item.kind is NoticeKind.TASK_UNDELIVERABLE:
        return (
            f"⚠️ Item {facts.get('item')} of campaign {facts.get('campaign')} could not be shown in chat and was "
            f"withdrawn: {facts.get('reason')}"
        )
    if item.kind is NoticeKind.LEVEL_UP:
        return f"🎉 You reached {facts.get('title')}!"
    return f"📉 You are back to {facts.get('title')}."


def help_text() -> str:
    return "Commands:\n" + "\n".join(f"/{name} — {line}" for name, line in COMMANDS)
