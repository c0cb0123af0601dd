"""A campaign's stats as one compact chart (matplotlib): labels settled, items settled per day, labelers by
accuracy on checks. Drawn on a figure of its own (no pyplot state), so threads can draw at the same time."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import MaxNLocator

from bot.common.cards.canvas import ACCENT, BACKGROUND, MUTED, SUCCESS, SURFACE, TEXT, WIDTH, Colour
from bot.common.cards.fonts import BOLD, FONT_DIR, REGULAR
from bot.common.cards.text import label
from bot.common.texts.i18n import N_, _, ngettext
from bot.common.texts.words import count
from core.types import CampaignStats

DPI = 100
MAX_LABELS = 8
STATUS_NAMES = {"open": N_("Open"), "resolved": N_("Resolved"), "ambiguous": N_("No consensus")}


def _rgb(colour: Colour) -> tuple[float, float, float]:
    return (colour[0] / 255, colour[1] / 255, colour[2] / 255)


def _face(size: float, bold: bool = False) -> FontProperties:
    return FontProperties(fname=str(FONT_DIR / (BOLD if bold else REGULAR)), size=size)


def campaign_chart(stats: CampaignStats) -> bytes:
    """PNG, 800 px wide: a headline, then three small panels that each say what they count."""
    figure = chart_figure(stats)
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor=figure.get_facecolor())
    return out.getvalue()


def chart_figure(stats: CampaignStats) -> Figure:
    """The chart before it is rendered (its panels' titles and bar names can be read back)."""
    figure = Figure(figsize=(WIDTH / DPI, 7.6), dpi=DPI, facecolor=_rgb(BACKGROUND))
    FigureCanvasAgg(figure)
    grid = figure.add_gridspec(3, 1, height_ratios=(1, 1, 1.4), hspace=0.7, left=0.2, right=0.88, top=0.86, bottom=0.05)
    figure.text(0.05, 0.95, label(stats.name, _("Campaign")), color=_rgb(TEXT), fontproperties=_face(20, True))
    active = count(stats.active_7d, "labeler")
    done = _("{done:.0%} of its items settled · {answers} · {active} this week").format(
        done=stats.done, answers=count(stats.answers, "answer"), active=active
    )
    figure.text(0.05, 0.915, done, color=_rgb(MUTED), fontproperties=_face(11))
    _labels(figure.add_subplot(grid[0]), stats)
    _per_day(figure.add_subplot(grid[1]), stats.settled_by_day)
    _accuracy(figure.add_subplot(grid[2]), stats.labeler_accuracy)
    return figure


def _style(axes: Axes, title: str) -> None:
    axes.set_facecolor(_rgb(SURFACE))
    axes.set_title(title, loc="left", color=_rgb(TEXT), fontproperties=_face(13, True), pad=8)
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=_rgb(MUTED), length=0, labelsize=10)
    for tick in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        tick.set_fontproperties(_face(10))


def _bars(axes: Axes, series: Mapping[str, int], unit: str, colour: Colour) -> None:
    """Horizontal bars, the first entry on top, each with its count and share."""
    names, values = list(series)[::-1], list(series.values())[::-1]
    total = sum(values)
    axes.barh(names, values, color=_rgb(colour), height=0.6)
    axes.set_xlim(0, max([*values, 1]) * 1.35)
    axes.set_xticks([])
    for index, value in enumerate(values):
        share = f" ({value / total:.0%})" if total and value else ""
        axes.text(
            value, index, f"  {count(value, unit)}{share}", va="center", color=_rgb(TEXT), fontproperties=_face(10)
        )


def _empty(axes: Axes, words: str) -> None:
    axes.set_xticks([])
    axes.set_yticks([])
    axes.text(0.5, 0.5, words, ha="center", va="center", color=_rgb(MUTED), fontproperties=_face(11))


def _labels(axes: Axes, stats: CampaignStats) -> None:
    """The consensus labels by their choice's wording; before any, where the items stand."""
    if stats.label_distribution:
        names = stats.choice_labels
        shown = {label(names.get(key, key), key): count for key, count in stats.label_distribution.items()}
        rest = dict(list(shown.items())[MAX_LABELS:])
        shown = dict(list(shown.items())[:MAX_LABELS]) | ({_("Other labels"): sum(rest.values())} if rest else {})
        _style(axes, _("Labels the crowd settled on"))
        _bars(axes, shown, "item", ACCENT)
        return
    _style(axes, _("Items (none settled yet)"))
    counts = {"open": stats.open, "resolved": stats.resolved, "ambiguous": stats.ambiguous}
    _bars(axes, {_(STATUS_NAMES[key]): value for key, value in counts.items()}, "item", ACCENT)


def _per_day(axes: Axes, by_day: Mapping[str, int]) -> None:
    span = len(by_day)
    _style(
        axes,
        ngettext("Items settled per day, last {n} day", "Items settled per day, last {n} days", span).format(n=span),
    )
    if not any(by_day.values()):
        _empty(axes, _("No item settled in these days yet."))
        return
    days = [date.fromisoformat(day) for day in by_day]
    axes.bar(range(len(days)), list(by_day.values()), color=_rgb(SUCCESS), width=0.7)
    step = max(1, len(days) // 5)
    axes.set_xticks(range(0, len(days), step), [f"{d:%d.%m}" for d in days[::step]])
    locator = axes.yaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the bars' default AutoLocator is one; other locators take no params
        locator.set_params(integer=True)
    for tick in (*axes.get_xticklabels(), *axes.get_yticklabels()):
        tick.set_fontproperties(_face(10))


def _accuracy(axes: Axes, bands: Mapping[str, int]) -> None:
    _style(axes, _("Labelers by accuracy on checks"))
    if not any(bands.values()):
        _empty(axes, _("Nobody has answered enough checks here yet."))
        return
    _bars(axes, dict(bands), "labeler", ACCENT)
