"""The game itself: commands, tasks, outcomes, check-ins, profiles, leaderboards, invites."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.levels import level_title
from bot.common.texts.words import count
from core.types import (
    REPORT,
    SKIP,
    CheckIn,
    Invite,
    Leaderboard,
    LevelChange,
    Outcome,
    Profile,
    Progress,
    Prompt,
    TaskKind,
    Welcome,
)

# The same commands, with the same meaning, on every platform.
COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", N_("join the game (or rejoin) and get your first task")),
    ("play", N_("get your next task")),
    ("checkin", N_("daily check-in: keep your streak going for bigger rewards")),
    ("profile", N_("your level, progress, streak, accuracy, points and rank")),
    ("top", N_("the leaderboard (add 'week' for this week)")),
    ("invite", N_("your invite link: you are rewarded when a friend proves to be a good labeler")),
    ("link", N_("link your Telegram and Discord accounts (a one-time code)")),
    (
        "why",
        N_("why a settled task earned what it earned: /why <task number> (shown after each answer, e.g. task #42)"),
    ),
    ("appeal", N_("paused from a campaign? ask its moderators to review: /appeal <campaign number>")),
    ("wallet", N_("your payout wallet: /wallet <address> links one, /wallet alone shows yours")),
    ("claim", N_("turn your points into tokens: /claim, or /claim <points>")),
    ("claims", N_("your claims and whether they are paid")),
    ("earnings", N_("your settled tasks and their points (pending, paid, did not agree)")),
    ("language", N_("the language I speak with you: /language alone lists them")),
    ("campaign", N_("admins: new, set, upload, start, pause, resume, close, stats, export a labeling campaign")),
    ("help", N_("this list")),
)

HELP_LINE = N_("these commands")  # /help in a group's menu
APOLOGY = N_("Sorry, something went wrong on our side. Please try again in a moment.")
UNKNOWN_COMMAND = N_("I don't know that command. Send /help to see what I can do.")
STALE_BUTTON = N_("This button is no longer valid.")
NO_MORE_TASKS = N_("That's all the tasks for you right now. Check back soon!")


def progress_bar(progress: Progress, width: int = 10) -> str:
    filled = round(progress.fraction * width)
    return "▰" * filled + "▱" * (width - filled)


def progress_line(progress: Progress) -> str:
    if progress.next_title is None:
        return _("🏆 {level} — the top level").format(level=level_title(progress.level_title))
    accuracy = "–" if progress.accuracy is None else f"{progress.accuracy:.0%}"
    return _(
        "{level} {bar} → {next} (checks {done}/{needed}, accuracy this level {accuracy} of {wanted:.0%} needed)"
    ).format(
        level=level_title(progress.level_title),
        bar=progress_bar(progress),
        next=level_title(progress.next_title),
        done=min(progress.gold_answered, progress.gold_needed),
        needed=progress.gold_needed,
        accuracy=accuracy,
        wanted=progress.accuracy_needed,
    )


def welcome(facts: Welcome) -> str:
    if not facts.new:
        return _("👋 Welcome back! {progress}").format(progress=progress_line(facts.progress))
    lines = [
        _("👋 Welcome to chatlabel!"),
        _(
            "Answer short quizzes to help label data for AI. Answers that agree with the crowd earn points; "
            "accurate players level up to new kinds of tasks."
        ),
    ]
    if facts.invited_by:
        lines.append(
            _(
                "You were invited by {inviter}. When you reach the next level (answer the checks well), "
                "you get +{points} and {inviter} is rewarded for inviting you."
            ).format(inviter=facts.invited_by, points=count(facts.invitee_points, "point"))
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
        share = _("your share grows as your checks prove you right ({done} of {needed} done)").format(
            done=progress.gold_answered, needed=progress.gold_needed
        )
    else:
        share = _("your share follows your record of agreeing with the crowd")
    return _("💰 If you agree with the crowd, you share {points} with the others who agree; {share}.").format(
        points=count(task.reward, "point"), share=share
    )


def comparison_parts(task: Prompt) -> tuple[str, ...]:
    """A comparison too long for one message, in pieces that read alone: the prompt, answer A, answer B, then the
    question (under which the buttons go), so nothing a player judges is ever cut."""
    parts = [f"“{task.text}”"] if task.text else []
    parts.extend(f"{choice.label}: {text}" for choice, text in zip(task.choices, task.answers, strict=False))
    parts.append(f"❓ {task.question}\n\n" + _("(The answers are in the messages above.)"))
    return tuple(parts)


# Instructions may be 2,000 characters; on a task they share a caption of 1,024 with the question.
INSTRUCTIONS_SHOWN = 500
INSTRUCTIONS_BUTTON = "?"


def instructions(campaign_instructions: str) -> str:
    """What the "?" button under a task shows: the campaign's own instructions, whole."""
    return f"ℹ️ {campaign_instructions}"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


SET_ASIDE_BUTTONS = {SKIP: N_("🤷 Not sure"), REPORT: N_("⚠️ Broken item")}
SET_ASIDE_CHOSEN = {SKIP: N_("Skipped: not sure"), REPORT: N_("Reported as broken")}
SET_ASIDE_REPEATED = {
    SKIP: N_("You already set this one aside (skipped: not sure)."),
    REPORT: N_("You already set this one aside (reported as broken)."),
}
SET_ASIDE_DONE = {
    SKIP: N_("Skipped. It doesn't count for or against you, and you won't see it again."),
    REPORT: N_("Thanks, reported: the campaign's admins see it. You won't see this item again."),
}


def chosen(outcome: Outcome) -> str:
    """What the task message says after the press (its buttons are gone)."""
    if outcome.choice.key in SET_ASIDE_CHOSEN:
        return _(SET_ASIDE_CHOSEN[outcome.choice.key])
    return _("Your answer: {choice}").format(choice=outcome.choice.label)


def verdict(result: Outcome) -> str:
    """One line on the press just made: Telegram shows it as the toast (at most 200 characters) and it heads the
    next task, so the verdict and the next question arrive in one message."""
    if result.repeated and result.choice.key in SET_ASIDE_REPEATED:
        return _(SET_ASIDE_REPEATED[result.choice.key])
    if result.set_aside is not None:
        return _(SET_ASIDE_DONE[result.set_aside])
    if result.repeated:
        return _("You already answered this one ({choice}).").format(choice=result.choice.label)
    parts = [chosen(result)]
    if result.gold is not None:
        right = _("❌ Not quite: it was {answer}").format(answer=result.gold.answer.label)
        parts.append(_("✅ Right!") if result.gold.correct else right)
    if result.points:
        parts.append(f"+{count(result.points, 'point')}")
    elif result.pending:
        parts.append(_("⏳ pending: paid when the crowd agrees"))
    if not result.counted:
        parts.append(_("⏱ too quick to count: take your time"))
    parts.append(_("task #{task}").format(task=result.task_id))  # what /why asks for once the crowd has settled it
    return " · ".join(parts)


def level_change(change: LevelChange) -> str:
    if change.promoted:
        return _("🎉 Level up! You are now {level}. New kinds of tasks are unlocked.").format(
            level=level_title(change.new_title)
        )
    return _("📉 Your accuracy dropped, so you're back to {level}. Prove yourself again to move up!").format(
        level=level_title(change.new_title)
    )


def check_in(facts: CheckIn) -> str:
    return _("📅 Checked in! Streak: {streak}. +{points}.\nCome back tomorrow for +{next}.").format(
        streak=count(facts.streak, "day"),
        points=count(facts.points, "point"),
        next=count(facts.next_points, "point"),
    )


def profile(facts: Profile) -> str:
    accuracy = (
        "–"
        if facts.accuracy is None
        else _("{accuracy:.0%} on {checks}").format(accuracy=facts.accuracy, checks=count(facts.gold_answered, "check"))
    )
    return "\n".join(
        [
            f"👤 {facts.display_name}",
            progress_line(facts.progress),
            _("🔥 Streak: {streak}   🎯 Lifetime accuracy: {accuracy}").format(
                streak=count(facts.streak, "day"), accuracy=accuracy
            ),
            _("💰 Points: {points}   🏅 Rank: {rank} of {players}   📝 Answers: {answers}").format(
                points=facts.points, rank=facts.rank, players=count(facts.players, "player"), answers=facts.answers
            ),
        ]
    )


BOARD_TITLES = {
    "all": N_("🏆 Top players"),
    "week": N_("🏆 Top players this week"),
    "community": N_("🏆 Top in this community"),
}


def leaderboard(board: Leaderboard) -> str:
    lines = [_(BOARD_TITLES[board.scope])]
    if not board.rows:
        lines.append(_("Nobody has points yet. Be the first: /play"))
        return "\n".join(lines)  # "1. You — 0" under it would contradict it
    for row in board.rows:
        lines.append(f"{row.rank}. {row.display_name} — {row.points} ({level_title(row.level_title)})")
    if board.you and all(row.rank != board.you.rank for row in board.rows):
        lines.append("…\n" + _("{rank}. You — {points}").format(rank=board.you.rank, points=board.you.points))
    return "\n".join(lines)


def invite(facts: Invite, link: str) -> str:
    return _(
        "🤝 Invite friends with this link:\n{link}\n"
        "You get +{reward} when they reach the next level (they get +{bonus} then too). "
        "Invited so far: {invited} ({rewarded} rewarded)."
    ).format(
        link=link,
        reward=count(facts.reward_points, "point"),
        bonus=count(facts.invitee_points, "point"),
        invited=facts.invited,
        rewarded=facts.rewarded,
    )


def link_code(code: str, minutes: int) -> str:
    return _(
        "🔗 Your link code: {code}\nSend /link {code} to the bot on the other platform within {minutes} "
        "to use one account on both."
    ).format(code=code, minutes=count(minutes, "minute"))


def linked(platforms: tuple[str, ...]) -> str:
    return _("🔗 Linked: this account now plays on {platforms}.").format(platforms=", ".join(platforms))


def help_text() -> str:
    return _("Commands:") + "\n" + "\n".join(f"/{name} — {_(line)}" for name, line in COMMANDS)
