"""Every sentence a player reads, shared by the terminal, Telegram and Discord so they cannot drift apart.

Plain text with emoji; adapters may add their platform's emphasis but never their own wording.
"""

from __future__ import annotations

from core.game.admin.facts import CampaignInfo, CampaignStats, ImportResult
from core.game.export.facts import ExportResult
from core.types import (
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
    ReceiptFacts,
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
    return "\n\n".join(lines)


def chosen(outcome: Outcome) -> str:
    """What the task message says after the press (its buttons are gone)."""
    return f"Your answer: {outcome.choice.label}"


def outcome(result: Outcome) -> str:
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


def notice(item: Notice) -> str:
    facts = item.facts
    if item.kind is NoticeKind.REFERRAL_REWARD:
        return f"🤝 {facts.get('invitee')} reached the next level: +{facts.get('points')} points for inviting them!"
    if item.kind is NoticeKind.STREAK_REMINDER:
        return f"🔥 Your {facts.get('streak')}-day streak ends today unless you /checkin!"
    if item.kind is NoticeKind.CLAIM_PAID:
        return claim_paid(facts)
    if item.kind is NoticeKind.LEVEL_UP:
        return f"🎉 You reached {facts.get('title')}!"
    return f"📉 You are back to {facts.get('title')}."


def help_text() -> str:
    return "Commands:\n" + "\n".join(f"/{name} — {line}" for name, line in COMMANDS)


# --- Discord: option help, moderator commands and the sentences only Discord needs ---
OPTION_HELP: dict[str, str] = {
    "code": "an invite code from a friend (optional)",
    "scope": "which leaderboard: all time, this week, or this server",
    "link_code": "the code from the other platform; leave it empty to get a code here",
    "level": "the level whose players get the role",
    "role": "the role to give; leave it empty to stop giving one for this level",
    "channel": "the channel for the daily quiz; leave it empty to stop the daily quiz",
}
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


# --- group play: communities, group quizzes, moderator commands (shared by every chat adapter) ---
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("quiz", "moderators: post a quiz that every member answers for themselves"),
    ("top", "this group's leaderboard"),
    ("community", "moderators: this group's settings (daily quiz, how long quizzes stay open)"),
    ("ban", "moderators: reply to a member's message (or give their user id) to ban them from the group's tasks"),
    ("unban", "moderators: lift a ban"),
)
GROUP_ONLY = "That command works in a group I've been added to."
NOT_MODERATOR = "Only this group's admins can do that."
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


def quiz_results(question_text: str, tallies: tuple[tuple[str, int], ...]) -> str:
    total = sum(count for _, count in tallies)
    lines = [question_text, "", f"🔒 Closed — {total} answer{'s' if total != 1 else ''}:"]
    lines += [f"{label}: {count} ({count / total:.0%})" if total else f"{label}: 0" for label, count in tallies]
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


# --- Discord: options of the group commands ---
OPTION_HELP.update(
    {
        "daily": "turn this server's daily quiz on or off",
        "minutes": "how many minutes a quiz stays open before its results show",
        "member": "the member",
    }
)


# --- rewards: wallets, claims, payouts ---


def wallet_challenge(address: str, message: str, minutes: int) -> str:
    return (
        f'✍️ To link {address}, sign this message with that wallet ("Sign message" in your wallet app) and send '
        f"/wallet <signature> within {minutes} minutes. Signing is free and authorises no transaction.\n\n{message}"
    )


def wallet_linked(address: str, proven: bool) -> str:
    how = "verified by your signature" if proven else "saved"
    return f"👛 Wallet {address} {how}. Your claims will be paid there. Only you can see it."


def wallet_info(address: str | None) -> str:
    if address is None:
        return "👛 No wallet linked yet. Send /wallet <your address> to link one."
    return f"👛 Your payout wallet: {address} (only you can see it). Send /wallet <address> to change it."


def claim_made(points: int, tokens: str) -> str:
    return (
        f"🧾 Claimed {points} points for {tokens} tokens. They are paid in the next payout batch; "
        "you'll get a message with the transaction."
    )


CLAIM_STATUS = {
    "pending": "waiting for the next batch",
    "batched": "being paid",
    "paid": "paid",
    "reset": "not paid: the payout chain was reset, so that payment no longer exists",
}


def claims_list(rows: list[tuple[int, str, str, str | None]]) -> str:
    """``rows``: (points, tokens, status, explorer link or transaction hash) of the player's own claims."""
    if not rows:
        return "🧾 No claims yet. Send /claim to turn your points into tokens."
    lines = ["🧾 Your claims:"]
    for points, tokens, status, where in rows:
        lines.append(
            f"• {points} points → {tokens} tokens: {CLAIM_STATUS.get(status, status)}"
            + (f" ({where})" if where else "")
        )
    return "\n".join(lines)


def claim_paid(facts: dict[str, str | int | float]) -> str:
    """A CLAIM_PAID notice, with the explorer link where one is configured."""
    where = facts.get("url") or facts.get("tx") or "recorded on chain"
    return f"💸 Your claim was paid: {facts.get('amount')} tokens. Transaction: {where}"


PAYOUTS_RESET = (
    "⚠️ The payout chain was reset or replaced: payouts recorded on the previous chain are no longer there. "
    "New payouts are paused until an operator checks it."
)


# --- /why: the receipt of a settled answer ---
USAGE_WHY = "Use /why <task number>, e.g. /why 42."
WHY_OPTION = "the task number"


def why(facts: ReceiptFacts) -> str:
    if facts.label is None:
        decided = f"No consensus was reached ({facts.confidence:.0%} at most), so nobody was paid for it."
    else:
        decided = f"The crowd decided: {facts.label} ({facts.confidence:.0%} sure)."
    verdict = "✅ You agreed" if facts.agreed else "❌ You differed"
    return "\n".join(
        [
            f"🧾 Task {facts.task_id}: you answered {facts.answer}.",
            decided,
            f"{verdict}: earned {facts.earned} points.",
            f"Your weight {facts.weight:.2f}, reputation {facts.reputation:.2f}.",
            f"How: {facts.formula}",
        ]
    )


# --- wallet and claim commands ---
USAGE_WALLET = "Use /wallet to see your wallet, /wallet <address> to link one, or /wallet <signature> to prove it."
USAGE_CLAIM = "Use /claim for all your points, or /claim <points>, e.g. /claim 500."
OPTION_HELP.update(
    {
        "wallet": "your address (0x…), or the signature of the message I sent; empty shows your wallet",
        "points": "how many points to claim; empty claims them all",
    }
)


# --- /campaign: admins run labeling campaigns ---
USAGE_CAMPAIGN = "\n".join(
    [
        "Campaign commands (admins):",
        '/campaign new <name> <kind> "<question>" <key=Label,key=Label>',
        "/campaign set <campaign> <field> <value>",
        "/campaign upload <campaign> (as the caption of a ZIP or CSV file)",
        "/campaign start|pause|resume|close|stats <campaign>",
        "/campaign export <campaign> <csv|jsonl|label_studio|parquet>",
    ]
)
CAMPAIGN_KINDS = "bot_or_not, image_binary, image_category, comparison, numeric"
PACK_FORMS = "Send the pack as a .zip (a pack folder or one folder per class) or a .csv of items."
OPTION_HELP.update(
    {
        "campaign": "the campaign's name or number",
        "name": "a short unique name for the campaign",
        "kind": "what the tasks ask: bot_or_not, image_binary, image_category, comparison or numeric",
        "question": "the question every task asks",
        "choices": "the answers as key=Label pairs, e.g. yes=Yes,no=No",
        "field": "the term to change, e.g. gold_rate, min_overlap, deadline, points_per_item",
        "value": "the new value (none clears it)",
        "pack": "a .zip pack or a .csv of items",
        "format": "the file format",
    }
)


def unknown_kind(given: str) -> str:
    return f"There is no task kind {given!r}; choose one of {CAMPAIGN_KINDS}."


def bad_choices(given: str) -> str:
    return f"Write the choices as key=Label pairs separated by commas, e.g. yes=Yes,no=No (got {given!r})."


def campaign_info(info: CampaignInfo) -> str:
    choices = ", ".join(f"{c.key}={c.label}" for c in info.choices)
    return (
        f"📋 Campaign {info.name} (#{info.campaign_id}): {info.status.value}\n"
        f"{info.kind.value}: {info.question}\nChoices: {choices}\nItems: {info.items}, "
        f"overlap {info.min_overlap}-{info.max_overlap}, level {info.level}, {info.points_per_item} points per item"
    )


def pack_imported(result: ImportResult) -> str:
    lines = [f"📦 Imported {result.items} items ({result.gold_items} gold) into {result.campaign}."]
    if result.label_distribution:
        lines.append("Known answers: " + ", ".join(f"{k} {v}" for k, v in result.label_distribution.items()))
    if result.rejected:
        shown = "; ".join(f"{r.where}: {r.reason}" for r in result.rejected[:5])
        lines.append(f"Rejected {len(result.rejected)} rows: {shown}")
    return "\n".join(lines)


def campaign_stats(stats: CampaignStats) -> str:
    accuracy = "–" if stats.gold_accuracy is None else f"{stats.gold_accuracy:.0%} on {stats.gold_answers} checks"
    return "\n".join(
        [
            f"📊 {stats.name} (#{stats.campaign_id}): {stats.status.value}, {stats.done:.0%} done",
            f"Items: {stats.items} ({stats.gold_items} gold) · open {stats.open} · resolved {stats.resolved} · "
            f"ambiguous {stats.ambiguous}",
            f"Answers: {stats.answers} · labelers active 24 h {stats.active_24h}, 7 days {stats.active_7d}",
            f"Accuracy on gold: {accuracy}",
            f"Spent: {stats.spend_points} points to {stats.paid_accounts} players",
        ]
    )


def exported(result: ExportResult) -> str:
    return (
        f"📤 {result.campaign}: {result.items} items, {result.answers} answers from {result.workers} labelers "
        f"({result.format.value}, {result.bytes:,} bytes)."
    )


def export_too_big(result: ExportResult, limit_mb: int) -> str:
    return (
        f"📤 The {result.format.value} export of {result.campaign} is {result.bytes / 2**20:.1f} MB, over the "
        f"{limit_mb} MB a bot may send here. It was saved on the server as {result.path.name}; try csv or parquet, "
        "or ask the operator for the file."
    )


def upload_too_big(size: int, limit: int) -> str:
    return f"That file is {size / 2**20:.1f} MB; packs sent in chat may be at most {limit // 2**20} MB."


def bad_export_format(formats: tuple[str, ...]) -> str:
    return f"Choose an export format: {', '.join(formats)}."


# Discord's descriptions of the /campaign sub-commands.
CAMPAIGN_SUBCOMMANDS: dict[str, str] = {
    "new": "create a draft campaign",
    "set": "change one of a campaign's terms",
    "upload": "add a pack (.zip or .csv) to a campaign",
    "start": "start serving a campaign's tasks",
    "pause": "stop serving a campaign's tasks for now",
    "resume": "serve a paused campaign again",
    "close": "close a campaign for good",
    "stats": "a campaign's progress, answers and labels, with a chart",
    "export": "the campaign's results as a file",
}
