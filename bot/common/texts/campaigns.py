"""/campaign: admins run labeling campaigns, from chat or the terminal."""

from __future__ import annotations

from bot.common.texts.words import count
from core.types import (
    CampaignInfo,
    CampaignStats,
    ExportFormat,
    ExportResult,
    Funded,
    GoldChange,
    GoldHealth,
    ImportResult,
    TaskKind,
    level_number,
)

# --- /campaign: admins run labeling campaigns ---
USAGE_CAMPAIGN = "\n".join(
    [
        "Campaign commands (admins):",
        '/campaign new <name> <kind> "<question>" <key=Label,key=Label>',
        "/campaign set <campaign> <field> <value>",
        "/campaign upload <campaign> (as the caption of a ZIP or CSV file)",
        "/campaign start|pause|resume|close|stats|appeals <campaign>",
        "/campaign review <campaign> <player> reinstate|uphold",
        "/campaign gold <campaign> retire <item>  |  /campaign gold <campaign> answer <item> <key>",
        f"/campaign export <campaign> <{'|'.join(ExportFormat)}>",
        "/campaign fund <campaign> <tokens> (the game's admins: from the treasury into the campaign's pool)",
    ]
)
CAMPAIGN_KINDS = ", ".join(TaskKind)
PACK_FORMS = "Send the pack as a .zip (a pack folder or one folder per class) or a .csv of items."


def unknown_kind(given: str) -> str:
    return f"There is no task kind {given!r}; choose one of {CAMPAIGN_KINDS}."


def bad_choices(given: str) -> str:
    return f"Write the choices as key=Label pairs separated by commas, e.g. yes=Yes,no=No (got {given!r})."


def campaign_info(info: CampaignInfo) -> str:
    choices = ", ".join(f"{c.key}={c.label}" for c in info.choices)
    return (
        f"📋 Campaign {info.name} (#{info.campaign_id}): {info.status.value}\n"
        f"{info.kind.value}: {info.question}\nChoices: {choices}\nItems: {info.items}, "
        f"overlap {info.min_overlap}-{info.max_overlap}, level {level_number(info.level)}, "
        f"{count(info.points_per_item, 'point')} per item, priority {info.priority}"
        f"\nPool: {count(info.reward_pool, 'point')}"
    )


def funded(facts: Funded) -> str:
    """What funding moved, in points and tokens at the rate, and what the pool (or reserve) now holds."""
    where = f"the pool of {facts.campaign}" if facts.campaign else "the engagement reserve"
    return (
        f"💰 Funded {where}: +{count(facts.points, 'point')} "
        f"({facts.tokens} tokens at {facts.rate} tokens per point).\n"
        f"It now holds {count(facts.balance, 'point')} ({facts.balance_tokens} tokens)."
    )


def pack_imported(result: ImportResult) -> str:
    lines = [f"📦 Imported {count(result.items, 'item')} ({count(result.gold_items, 'check')}) into {result.campaign}."]
    if result.label_distribution:
        lines.append("Known answers: " + ", ".join(f"{k} {v}" for k, v in result.label_distribution.items()))
    if result.rejected:
        shown = "; ".join(f"{r.where}: {r.reason}" for r in result.rejected[:5])
        lines.append(f"Rejected {len(result.rejected)} rows: {shown}")
    return "\n".join(lines)


GOLD_SHOWN = 8


def campaign_stats(stats: CampaignStats) -> str:
    accuracy = (
        "–" if stats.gold_accuracy is None else f"{stats.gold_accuracy:.0%} of {count(stats.gold_answers, 'answer')}"
    )
    lines = [
        f"📊 {stats.name} (#{stats.campaign_id}): {stats.status.value}, {stats.done:.0%} done",
        f"Items: {stats.items} ({count(stats.gold_items, 'check')}) · open {stats.open} · "
        f"resolved {stats.resolved} · ambiguous {stats.ambiguous}",
        f"Answers: {stats.answers} · labelers active 24 h {stats.active_24h}, 7 days {stats.active_7d}",
        f"Right on checks: {accuracy}",
        f"Spent: {count(stats.spend_points, 'point')} to {count(stats.paid_accounts, 'player')}",
        f"Set aside by players: {stats.skips} not sure, {stats.reports} reported broken",
    ]
    if stats.reported:
        lines.append("Most reported: " + ", ".join(f"{item} ({n})" for item, n in stats.reported))
    if stats.gold:
        lines.append("Checks, pass rate (honest players):")
        lines += [gold_line(gold) for gold in stats.gold[:GOLD_SHOWN]]
        if len(stats.gold) > GOLD_SHOWN:
            lines.append(f"… and {len(stats.gold) - GOLD_SHOWN} more")
    return "\n".join(lines)


def gold_line(gold: GoldHealth) -> str:
    overall = "–" if gold.pass_rate is None else f"{gold.pass_rate:.0%} of {gold.answers}"
    honest = f"{gold.honest_passed / gold.honest_answers:.0%} of {gold.honest_answers}" if gold.honest_answers else "–"
    flag = " ⚠️ most honest players fail it: retire it or correct its answer" if gold.suspect else ""
    return f"• {gold.external_id} ({gold.known_answer}): {overall} ({honest}){flag}"


def gold_changed(change: GoldChange) -> str:
    done = "retired" if change.answer is None else f"now expects {change.answer}"
    return f"🥇 {change.campaign}: check {change.external_id} {done}; {count(change.players, 'player')} rescored."


def exported(result: ExportResult) -> str:
    return (
        f"📤 {result.campaign}: {count(result.items, 'item')}, {count(result.answers, 'answer')} "
        f"from {count(result.workers, 'labeler')} "
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
    "gold": "retire a gold item most honest players fail, or correct its answer",
    "export": "the campaign's results as a file",
    "fund": "move tokens from the treasury into a campaign's pool (admins)",
    "appeals": "suspended players asking for a review, with their known-answer records",
    "review": "reinstate an appealing player, or uphold their suspension",
}


def export_written(result: ExportResult) -> str:
    """The terminal's version: the file stays where it was written."""
    return f"{exported(result)}\n→ {result.path}"


# --- progress of an import or export, shown in one chat message that is edited as the work goes on ---
IMPORTING = "importing"
EXPORTING = "exporting"
PROGRESS_CELLS = 10


def work_started(verb: str) -> str:
    return f"⏳ {verb}…"


def work_progress(verb: str, done: int, total: int) -> str:
    """A ▰▱ bar with the percent rounded down, so "100%" only ever means finished."""
    done = max(0, min(done, total))
    filled, percent = (done * PROGRESS_CELLS // total, done * 100 // total) if total > 0 else (PROGRESS_CELLS, 100)
    mark = "✅" if percent == 100 else "⏳"
    bar = "▰" * filled + "▱" * (PROGRESS_CELLS - filled)
    return f"{mark} {verb} {bar} {percent}% ({done:,}/{total:,})"


def work_stopped(verb: str) -> str:
    return f"✖ {verb} stopped."
