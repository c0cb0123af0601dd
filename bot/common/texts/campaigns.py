"""/campaign: admins run labeling campaigns, from chat or the terminal."""

from __future__ import annotations

from bot.common.texts.i18n import N_, _
from bot.common.texts.words import count
from core.types import (
    CampaignInfo,
    CampaignStats,
    CampaignStatus,
    ExportFormat,
    ExportResult,
    Funded,
    GoldChange,
    GoldHealth,
    ImportResult,
    SystemRating,
    TaskKind,
    level_number,
)

# A campaign's status in words (the same words fill WrongStatus refusals, which name the stored value).
STATUS_WORDS = {
    CampaignStatus.DRAFT: N_("draft"),
    CampaignStatus.ACTIVE: N_("active"),
    CampaignStatus.PAUSED: N_("paused"),
    CampaignStatus.CLOSED: N_("closed"),
}


def status_word(status: CampaignStatus) -> str:
    return _(STATUS_WORDS[status])


# --- /campaign: admins run labeling campaigns ---
def usage_campaign() -> str:
    """`texts.USAGE_CAMPAIGN`: the sub-commands' syntax stays as typed; only the words around it are translated."""
    return "\n".join(
        [
            _("Campaign commands (admins):"),
            '/campaign new <name> <kind> "<question>" <key=Label,key=Label>',
            "/campaign set <campaign> <field> <value>",
            "/campaign upload <campaign> " + _("(as the caption of a ZIP or CSV file)"),
            "/campaign start|pause|resume|close|stats|appeals <campaign>",
            "/campaign review <campaign> <player> reinstate|uphold",
            "/campaign gold <campaign> retire <item>  |  /campaign gold <campaign> answer <item> <key>",
            f"/campaign export <campaign> <{'|'.join(ExportFormat)}>",
            "/campaign fund <campaign> <tokens> "
            + _("(the game's admins: from the treasury into the campaign's pool)"),
        ]
    )


CAMPAIGN_KINDS = ", ".join(TaskKind)
PACK_FORMS = N_("Send the pack as a .zip (a pack folder or one folder per class) or a .csv of items.")


def unknown_kind(given: str) -> str:
    return _("There is no task kind {given}; choose one of {kinds}.").format(given=repr(given), kinds=CAMPAIGN_KINDS)


def bad_choices(given: str) -> str:
    return _("Write the choices as key=Label pairs separated by commas, e.g. yes=Yes,no=No (got {given}).").format(
        given=repr(given)
    )


def campaign_info(info: CampaignInfo) -> str:
    choices = ", ".join(f"{c.key}={c.label}" for c in info.choices)
    return _(
        "📋 Campaign {name} (#{id}): {status}\n{kind}: {question}\nChoices: {choices}\nItems: {items}, "
        "overlap {min}-{max}, level {level}, {points} per item, priority {priority}\nPool: {pool}"
    ).format(
        name=info.name,
        id=info.campaign_id,
        status=status_word(info.status),
        kind=info.kind.value,
        question=info.question,
        choices=choices,
        items=info.items,
        min=info.min_overlap,
        max=info.max_overlap,
        level=level_number(info.level),
        points=count(info.points_per_item, "point"),
        priority=info.priority,
        pool=count(info.reward_pool, "point"),
    )


def funded(facts: Funded) -> str:
    """What funding moved, in points and tokens at the rate, and what the pool (or reserve) now holds."""
    where = (
        _("the pool of {campaign}").format(campaign=facts.campaign) if facts.campaign else _("the engagement reserve")
    )
    return _(
        "💰 Funded {where}: +{points} ({tokens} at {rate} tokens per point).\nIt now holds {balance} ({held})."
    ).format(
        where=where,
        points=count(facts.points, "point"),
        tokens=count(facts.tokens, "token"),
        rate=facts.rate,
        balance=count(facts.balance, "point"),
        held=count(facts.balance_tokens, "token"),
    )


def pack_imported(result: ImportResult) -> str:
    lines = [
        _("📦 Imported {items} ({checks}) into {campaign}.").format(
            items=count(result.items, "item"), checks=count(result.gold_items, "check"), campaign=result.campaign
        )
    ]
    if result.label_distribution:
        lines.append(_("Known answers:") + " " + ", ".join(f"{k} {v}" for k, v in result.label_distribution.items()))
    if result.rejected:
        shown = "; ".join(f"{r.where}: {r.reason}" for r in result.rejected[:5])
        lines.append(_("Rejected {rows}: {shown}").format(rows=count(len(result.rejected), "row"), shown=shown))
    return "\n".join(lines)


GOLD_SHOWN = 8


def campaign_stats(stats: CampaignStats) -> str:
    accuracy = (
        "–"
        if stats.gold_accuracy is None
        else _("{accuracy:.0%} of {answers}").format(
            accuracy=stats.gold_accuracy, answers=count(stats.gold_answers, "answer")
        )
    )
    lines = [
        _("📊 {name} (#{id}): {status}, {done:.0%} done").format(
            name=stats.name, id=stats.campaign_id, status=status_word(stats.status), done=stats.done
        ),
        _("Items: {items} ({checks}) · open {open} · resolved {resolved} · ambiguous {ambiguous}").format(
            items=stats.items,
            checks=count(stats.gold_items, "check"),
            open=stats.open,
            resolved=stats.resolved,
            ambiguous=stats.ambiguous,
        ),
        _("Answers: {answers} · labelers active 24 h {day}, 7 days {week}").format(
            answers=stats.answers, day=stats.active_24h, week=stats.active_7d
        ),
        _("Right on checks: {accuracy}").format(accuracy=accuracy),
        _("Spent: {points} to {players}").format(
            points=count(stats.spend_points, "point"), players=count(stats.paid_accounts, "player")
        ),
        _("Set aside by players: {skips} not sure, {reports} reported broken").format(
            skips=stats.skips, reports=stats.reports
        ),
    ]
    if stats.out_of_play:
        lines.append(
            _("Out of play: {items} (retired checks, or items chat could not show)").format(
                items=count(stats.out_of_play, "item")
            )
        )
    if stats.reported:
        lines.append(_("Most reported:") + " " + ", ".join(f"{item} ({n})" for item, n in stats.reported))
    if stats.gold:
        lines.append(_("Checks, pass rate (honest players):"))
        lines += [gold_line(gold) for gold in stats.gold[:GOLD_SHOWN]]
        if len(stats.gold) > GOLD_SHOWN:
            lines.append(_("… and {more} more").format(more=len(stats.gold) - GOLD_SHOWN))
    if stats.ranking:
        lines += ranking_lines(stats.ranking)
    return "\n".join(lines)


RANKED_SHOWN = 10


def ranking_lines(ranking: tuple[SystemRating, ...]) -> list[str]:
    """Rank, system, rating, 95% interval and games, best first (as public model arenas publish them)."""
    lines = [_("Systems by Bradley-Terry rating (interval at 95%):")]
    for rank, rated in enumerate(ranking[:RANKED_SHOWN], start=1):
        lines.append(
            _("{rank}. {system}: {rating:.0f} ({low:.0f}–{high:.0f}), {games}").format(
                rank=rank,
                system=rated.system,
                rating=rated.rating,
                low=rated.low,
                high=rated.high,
                games=count(rated.games, "comparison"),
            )
        )
    if len(ranking) > RANKED_SHOWN:
        lines.append(_("… and {more} more").format(more=len(ranking) - RANKED_SHOWN))
    return lines


def gold_line(gold: GoldHealth) -> str:
    of = _("{rate:.0%} of {answers}")
    overall = "–" if gold.pass_rate is None else of.format(rate=gold.pass_rate, answers=gold.answers)
    honest = (
        of.format(rate=gold.honest_passed / gold.honest_answers, answers=gold.honest_answers)
        if gold.honest_answers
        else "–"
    )
    flag = " " + _("⚠️ most honest players fail it: retire it or correct its answer") if gold.suspect else ""
    return f"• {gold.external_id} ({gold.known_answer}): {overall} ({honest}){flag}"


def gold_changed(change: GoldChange) -> str:
    if change.answer is None:
        done = _("🥇 {campaign}: check {item} retired; {players} rescored.")
    else:
        done = _("🥇 {campaign}: check {item} now expects {answer}; {players} rescored.")
    return done.format(
        campaign=change.campaign, item=change.external_id, answer=change.answer, players=count(change.players, "player")
    )


def exported(result: ExportResult) -> str:
    return _("📤 {campaign}: {items}, {answers} from {labelers} ({format}, {bytes:,} bytes).").format(
        campaign=result.campaign,
        items=count(result.items, "item"),
        answers=count(result.answers, "answer"),
        labelers=count(result.workers, "labeler"),
        format=result.format.value,
        bytes=result.bytes,
    )


def export_too_big(result: ExportResult, limit_mb: int) -> str:
    return _(
        "📤 The {format} export of {campaign} is {size:.1f} MB, over the {limit} MB a bot may send here. "
        "It was saved on the server as {file}; try csv or parquet, or ask the operator for the file."
    ).format(
        format=result.format.value,
        campaign=result.campaign,
        size=result.bytes / 2**20,
        limit=limit_mb,
        file=result.path.name,
    )


def upload_too_big(size: int, limit: int) -> str:
    return _("That file is {size:.1f} MB; packs sent in chat may be at most {limit} MB.").format(
        size=size / 2**20, limit=limit // 2**20
    )


def bad_export_format(formats: tuple[str, ...]) -> str:
    return _("Choose an export format: {formats}.").format(formats=", ".join(formats))


# Discord's descriptions of the /campaign sub-commands.
CAMPAIGN_SUBCOMMANDS: dict[str, str] = {
    "new": N_("create a draft campaign"),
    "set": N_("change one of a campaign's terms"),
    "upload": N_("add a pack (.zip or .csv) to a campaign"),
    "start": N_("start serving a campaign's tasks"),
    "pause": N_("stop serving a campaign's tasks for now"),
    "resume": N_("serve a paused campaign again"),
    "close": N_("close a campaign for good"),
    "stats": N_("a campaign's progress, answers and labels, with a chart"),
    "gold": N_("retire a check most honest players fail, or correct its answer"),
    "export": N_("the campaign's results as a file"),
    "fund": N_("move tokens from the treasury into a campaign's pool (admins)"),
    "appeals": N_("suspended players asking for a review, with their known-answer records"),
    "review": N_("reinstate an appealing player, or uphold their suspension"),
}


def export_written(result: ExportResult) -> str:
    """The terminal's version: the file stays where it was written."""
    return f"{exported(result)}\n→ {result.path}"


# --- progress of an import or export, shown in one chat message that is edited as the work goes on ---
IMPORTING = N_("importing")
EXPORTING = N_("exporting")
PROGRESS_CELLS = 10


def work_started(verb: str) -> str:
    return f"⏳ {_(verb)}…"


def work_progress(verb: str, done: int, total: int) -> str:
    """A ▰▱ bar with the percent rounded down, so "100%" only ever means finished."""
    done = max(0, min(done, total))
    filled, percent = (done * PROGRESS_CELLS // total, done * 100 // total) if total > 0 else (PROGRESS_CELLS, 100)
    mark = "✅" if percent == 100 else "⏳"
    bar = "▰" * filled + "▱" * (PROGRESS_CELLS - filled)
    return f"{mark} {_(verb)} {bar} {percent}% ({done:,}/{total:,})"


def work_stopped(verb: str) -> str:
    return _("✖ {verb} stopped.").format(verb=_(verb))
