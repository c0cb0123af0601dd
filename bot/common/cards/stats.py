"""A labelled horizontal bar chart, such as a campaign's label distribution."""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

from bot.common.cards.canvas import (
    ACCENT,
    INNER,
    MUTED,
    PAD,
    TEXT,
    TRACK,
    Block,
    compose,
    text_block,
    to_png,
)
from bot.common.cards.fonts import font
from bot.common.cards.text import fit, label, number
from bot.common.texts.i18n import _, ngettext

MAX_BARS = 20
BAR_ROW = 46
BAR_HEIGHT = 26
LABEL_WIDTH = 220
VALUE_WIDTH = 170
SHARE_WIDTH = 64


def stats_chart(title: str, series: dict[str, int]) -> bytes:
    """PNG of `series` as bars in the given order, each with its count and share of the total."""
    pairs = [(label(name, _("(none)")), max(0, int(value))) for name, value in series.items()]
    total = sum(value for _, value in pairs)
    blocks = [text_block(label(title, _("Statistics")), 32, bold=True), _summary(len(pairs), total)]
    if not pairs:
        blocks.append(text_block(_("No data yet."), 22, MUTED))
    else:
        blocks.append(_bars(pairs[:MAX_BARS], total))
        if len(pairs) > MAX_BARS:
            rest = sum(value for _, value in pairs[MAX_BARS:])
            blocks.append(
                text_block(
                    _("+ {more} more ({rest} in all)").format(more=len(pairs) - MAX_BARS, rest=number(rest)), 18, MUTED
                )
            )
    return to_png(compose(blocks, gap=16))


def _summary(count: int, total: int) -> Block:
    kinds = ngettext("{n} label", "{n} labels", count).format(n=number(count))
    return text_block(_("{total} in total · {kinds}").format(total=number(total), kinds=kinds), 20, MUTED)


def _bars(pairs: Sequence[tuple[str, int]], total: int) -> Block:
    largest = max((value for _, value in pairs), default=0)
    track_left, track_right = PAD + LABEL_WIDTH + 16, PAD + INNER - VALUE_WIDTH

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        label_font, value_font = font(20), font(20, True)
        for index, (name, value) in enumerate(pairs):
            middle = top + index * BAR_ROW + BAR_ROW // 2
            draw.text((PAD, middle), fit(name, label_font, LABEL_WIDTH), font=label_font, fill=TEXT, anchor="lm")
            box = (track_left, middle - BAR_HEIGHT // 2, track_right, middle + BAR_HEIGHT // 2)
            draw.rounded_rectangle(box, radius=6, fill=TRACK)
            if value and largest:
                # Scaled to the largest bar, so small differences between the leaders stay visible.
                end = track_left + max(12, round((track_right - track_left) * value / largest))
                draw.rounded_rectangle((track_left, box[1], end, box[3]), radius=6, fill=ACCENT)
            count = fit(number(value), value_font, VALUE_WIDTH - SHARE_WIDTH - 16)
            draw.text((PAD + INNER - SHARE_WIDTH, middle), count, font=value_font, fill=TEXT, anchor="rm")
            draw.text((PAD + INNER, middle), _share(value, total), font=label_font, fill=MUTED, anchor="rm")

    return Block(BAR_ROW * len(pairs), paint)


def _share(value: int, total: int) -> str:
    """Whole percent; a non-zero count never reads as 0%."""
    if not total or not value:
        return "0%"
    share = value / total
    return "<1%" if share < 0.005 else f"{share:.0%}"
