"""The game itself: commands, tasks, outcomes, check-ins, profiles, leaderboards, invites, notices."""

from __future__ import annotations

from collections.abc import Mapping

from bot.common.texts.appeals import appeal_decided
from bot.common.texts.payouts import payout_alert
from bot.common.texts.rewards import claim_paid, wallet_changed
from bot.common.texts.words import count
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
    ("why", "why a settled task earned what it earned: /why <task number> (shown after each answer, e.g. task #42)"),
    ("appeal", "paused from a campaign? ask its moderators to review: /appeal <campaign number>"),
    ("wallet", "your payout wallet: /wallet <address> links one, /wallet alone shows yours"),
    ("claim", "turn your points into tokens: /claim, or /claim <points>"),
    ("claims", "your claims and whether they are paid"),
    ("earnings", "your settled tasks and their points (pending, paid, did not agree)"),
    ("campaign", "admins: new, set, upload, start, pause, resume, close, stats, export a labeling campaign"),
    ("help", "this list"),
)

APOLOGY = "Sorry, something went wrong on our side. Please try again in a moment."
UNKNOWN_COMMAND = "I don't know that command. Send /help to see what I can do."
STALE_BUTTON = "This button is no longer valid."
NO_MORE_TASKS = "That's all the tasks for you right now. Check back soon!"


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
        f"accuracy this level {accuracy} of {progress.accuracy_needed:.0%} needed)"
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
        lines.append(
            f"You were invited by {facts.invited_by}. When you reach the next level (answer the checks well), "
            f"you get +{count(facts.invitee_points, 'point')} and {facts.invited_by} is rewarded for inviting you."
        )
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
    if task.reward:
        lines.append(reward_hint(task))
    if task.instructions:  # the player's first task of this campaign
        lines.insert(1, f"ℹ️ {clip(task.instructions, INSTRUCTIONS_SHOWN)}")
    return "\n\n".join(lines)


def reward_hint(task: Prompt) -> str:
    """What an agreeing answer may earn here, and the player's share in words (never a bare 0.00)."""
    progress = task.progress
    if progress.level == 0 and progress.gold_answered < progress.gold_needed:
        share = (
            f"your share grows as your checks prove you right ({progress.gold_answered} of {progress.gold_needed} done)"
        )
    else:
        share = "your share follows your record of agreeing with the crowd"
    return f"💰 If you agree with the crowd, you share {task.reward} points with the others who agree; {share}."


def comparison_parts(task: Prompt) -> tuple[str, ...]:
    """A comparison too long for one message, in pieces that read alone: the prompt, answer A, answer B, then the
    question (under which the buttons go), so nothing a player judges is ever cut."""
    parts = [f"“{task.text}”"] if task.text else []
    parts.extend(f"{choice.label}: {text}" for choice, text in zip(task.choices, task.answers, strict=False))
    parts.append(f"❓ {task.question}\n\n(The answers are in the messages above.)")
    return tuple(parts)


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


def verdict(result: Outcome) -> str:
    """One line on the press just made: Telegram shows it as the toast (at most 200 characters) and it heads the
    next task, so the verdict and the next question arrive in one message."""
    if result.repeated and result.choice.key in SET_ASIDE_CHOSEN:
        return f"You already set this one aside ({SET_ASIDE_CHOSEN[result.choice.key].lower()})."
    if result.set_aside is not None:
        return SET_ASIDE_DONE[result.set_aside]
    if result.repeated:
        return f"You already answered this one ({result.choice.label})."
    parts = [chosen(result)]
    if result.gold is not None:
        parts.append("✅ Right!" if result.gold.correct else f"❌ Not quite: it was {result.gold.answer.label}")
    if result.points:
        parts.append(f"+{count(result.points, 'point')}")
    elif result.pending:
        parts.append("⏳ pending: paid when the crowd agrees")
    if not result.counted:
        parts.append("⏱ too quick to count: take your time")
    parts.append(f"task #{result.task_id}")  # what /why asks for once the crowd has settled it
    return " · ".join(parts)


def level_change(change: LevelChange) -> str:
    if change.promoted:
        return f"🎉 Level up! You are now {change.new_title}. New kinds of tasks are unlocked."
    return f"📉 Your accuracy dropped, so you're back to {change.new_title}. Prove yourself again to move up!"


def check_in(facts: CheckIn) -> str:
    return (
        f"📅 Checked in! Streak: {count(facts.streak, 'day')}. +{count(facts.points, 'point')}.\n"
        f"Come back tomorrow for +{count(facts.next_points, 'point')}."
    )


def profile(facts: Profile) -> str:
    accuracy = "–" if facts.accuracy is None else f"{facts.accuracy:.0%} on {count(facts.gold_answered, 'check')}"
    return "\n".join(
        [
            f"👤 {facts.display_name}",
            progress_line(facts.progress),
            f"🔥 Streak: {count(facts.streak, 'day')}   🎯 Lifetime accuracy: {accuracy}",
            f"💰 Points: {facts.points}   🏅 Rank: {facts.rank} of {count(facts.players, 'player')}   "
            f"📝 Answers: {facts.answers}",
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
        return "\n".join(lines)  # "1. You — 0" under it would contradict it
    for row in board.rows:
        lines.append(f"{row.rank}. {row.display_name} — {row.points} ({row.level_title})")
    if board.you and all(row.rank != board.you.rank for row in board.rows):
        lines.append(f"…\n{board.you.rank}. You — {board.you.points}")
    return "\n".join(lines)


def invite(facts: Invite, link: str) -> str:
    return (
        f"🤝 Invite friends with this link:\n{link}\n"
        f"You get +{count(facts.reward_points, 'point')} when they reach the next level "
        f"(they get +{count(facts.invitee_points, 'point')} then too). "
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
        points = count(facts.get("points", 0), "point")
        return f"🤝 {facts.get('invitee')} reached the next level: +{points} for inviting them!"
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
    if item.kind is NoticeKind.AUDIT_FAILED:
        return (
            f"🚨 Ledger audit failed: {facts.get('unbacked')} of {facts.get('owed')} points owed are not backed by "
            "the treasury. Payouts are stopped until it is funded; see `chatlabel ledger audit`."
        )
    if item.kind is NoticeKind.ANSWERS_SETTLED:
        return answers_settled(facts)
    if item.kind is NoticeKind.PENDING_CORRECTED:
        return pending_corrected(facts)
    if item.kind is NoticeKind.POOL_EMPTY:
        return (
            f"⏸ Campaign {facts.get('campaign')}: pool empty ({facts.get('pool')} points left, "
            f"{facts.get('points_per_item')} per item): fund it or close it. It is paused until then."
        )
    if item.kind is NoticeKind.APPEAL_DECIDED:
        return appeal_decided(str(facts.get("campaign")), str(facts.get("outcome")))
    if item.kind is NoticeKind.SUSPENDED:
        return (
            f"⏸ Your answers in “{facts.get('campaign')}” are paused: {facts.get('reason')}. They no longer count "
            f"and you are not served its tasks. If you think this is a mistake, send /appeal {facts.get('campaign_id')}"
            " and a moderator will review your known-answer record."
        )
    return f"📉 You are back to {facts.get('title')}."


def answers_settled(facts: Mapping[str, str | int | float]) -> str:
    agreed, settled, points = facts.get("agreed", 0), facts.get("settled", 0), facts.get("points", 0)
    answers = "answer" if settled == 1 else "answers"
    return (
        f"🧮 +{points} points: {agreed} of your {settled} settled {answers} agreed with the crowd. "
        "They stay pending for the settlement window, then become claimable. See /earnings."
    )


def pending_corrected(facts: Mapping[str, str | int | float]) -> str:
    """Pending points a refit took back: why, and that released points stay the player's."""
    points, answers = facts.get("points", 0), int(facts.get("answers", 0))
    why = []
    if facts.get("relabelled"):
        why.append(f"the crowd's answer changed on {count(int(facts['relabelled']), 'task')} you had agreed on")
    if facts.get("suspended"):
        why.append("your answers in a campaign were paused, so they no longer share its rewards")
    return (
        f"🔁 −{points} pending points on {count(answers, 'settled answer')}: a review of the answers found that "
        f"{' and '.join(why) or 'they no longer agree'}. Those points went back to the campaign's pool. Points "
        "already claimable are yours to keep. See /earnings."
    )


def help_text() -> str:
    return "Commands:\n" + "\n".join(f"/{name} — {line}" for name, line in COMMANDS)
