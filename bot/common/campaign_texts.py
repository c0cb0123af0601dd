"""Sentences about campaigns, shared by every adapter that runs the admin commands."""

from __future__ import annotations

from core.game.admin.facts import CampaignInfo, CampaignStats, ImportResult
from core.game.export.facts import ExportResult

SHOWN_REJECTIONS = 10


def campaign_line(info: CampaignInfo) -> str:
    choices = ", ".join(f"{c.key}={c.label}" for c in info.choices)
    deadline = f", until {info.deadline:%Y-%m-%d %H:%M} UTC" if info.deadline else ""
    return (
        f"📋 #{info.campaign_id} {info.name} [{info.status}] — {info.kind}: {info.question} ({choices})\n"
        f"{info.items} items, {info.min_overlap}–{info.max_overlap} answers each, target confidence "
        f"{info.target_confidence:.0%}, {info.points_per_item} points per resolved item{deadline}"
    )


def import_report(result: ImportResult) -> str:
    labels = ", ".join(f"{label}: {count}" for label, count in result.label_distribution.items()) or "none"
    lines = [f"📥 {result.campaign}: {result.items} items imported ({result.gold_items} gold). Labels: {labels}."]
    if result.links:
        lines.append(f"{result.links} images are links, fetched when first served.")
    if result.rejected:
        lines.append(f"{len(result.rejected)} rows refused:")
        lines += [f"  {r.where}: {r.reason}" for r in result.rejected[:SHOWN_REJECTIONS]]
        if len(result.rejected) > SHOWN_REJECTIONS:
            lines.append(f"  … and {len(result.rejected) - SHOWN_REJECTIONS} more")
    return "\n".join(lines)


def campaign_stats(stats: CampaignStats) -> str:
    accuracy = "–" if stats.gold_accuracy is None else f"{stats.gold_accuracy:.0%} of {stats.gold_answers}"
    labels = ", ".join(f"{label}: {count}" for label, count in stats.label_distribution.items()) or "none yet"
    return "\n".join(
        [
            f"📊 {stats.name} [{stats.status}] — {stats.done:.0%} done",
            f"items {stats.items} (gold {stats.gold_items}): open {stats.open}, resolved {stats.resolved}, "
            f"ambiguous {stats.ambiguous}",
            f"answers {stats.answers}; labelers active: {stats.active_24h} today, {stats.active_7d} this week",
            f"accuracy on gold: {accuracy}; labels: {labels}",
            f"spent {stats.spend_points} points on {stats.paid_accounts} labelers",
        ]
    )


def export_done(result: ExportResult) -> str:
    return (
        f"📤 {result.campaign}: {result.items} items, {result.answers} answers by {result.workers} labelers "
        f"→ {result.path} ({result.bytes:,} bytes, {result.format})"
    )
