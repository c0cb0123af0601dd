"""The task card: progress, the question, what to judge (text, image or two answers) and the numbered choices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw

from bot.common.cards import picture
from bot.common.cards.canvas import (
    ACCENT,
    ACCENT_TEXT,
    INNER,
    MAX_BYTES,
    MUTED,
    PAD,
    SURFACE,
    SURFACE_HIGH,
    TEXT,
    WIDTH,
    Block,
    compose,
    line_height,
    progress_bar,
    to_png,
)
from bot.common.cards.fonts import font
from bot.common.cards.text import clean, fit, label, percent, wrap
from bot.common.texts.i18n import _
from bot.common.texts.levels import level_title
from core.types import Choice, Progress, Prompt, TaskKind

PANEL_PAD = 22
IMAGE_BOXES = ((INNER, 420), (INNER, 300), (480, 200))
PLACEHOLDER_HEIGHT = 260
CHIP_GAP = 12
CHIP_SIZE = 22
IMAGE_KINDS = frozenset({TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY})
# "A: ..." / "Answer B) ..." at the start of a line marks the two answers of a comparison.
_MARKER = re.compile(r"^[ \t]*(?:answer[ \t]+)?([AB])[ \t]*[:.)][ \t]*", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Comparison:
    prompt: str
    first: str
    second: str


def task_card(prompt: Prompt) -> bytes:
    """PNG of one task as the player sees it, with their progress toward the next level."""
    data = b""
    for box in IMAGE_BOXES:
        data = to_png(compose(_blocks(prompt, box)))
        # Only a noisy photo can exceed the budget; a smaller picture brings the card back under it.
        if len(data) <= MAX_BYTES:
            break
    return data


def _blocks(prompt: Prompt, image_box: tuple[int, int]) -> list[Block]:
    blocks = [_header(prompt.campaign, prompt.progress), *_question(prompt.question)]
    blocks.extend(_body(prompt, image_box))
    blocks.append(_choices(prompt.choices))
    return blocks


def split_comparison(text: str) -> Comparison | None:
    """The prompt and the two answers of a comparison written as lines starting 'A:' and 'B:'."""
    markers = list(_MARKER.finditer(text))
    first = next((m for m in markers if m.group(1).upper() == "A"), None)
    second = next((m for m in markers if m.group(1).upper() == "B" and first and m.start() > first.end()), None)
    if first is None or second is None:
        return None
    return Comparison(
        prompt=text[: first.start()].strip(),
        first=text[first.end() : second.start()].strip(),
        second=text[second.end() :].strip(),
    )


def _header(campaign: str, progress: Progress) -> Block:
    height = 52
    name = label(campaign, "")
    if progress.next_title is None:
        status = _("{level} · top level").format(level=label(level_title(progress.level_title), _("Top level")))
    else:
        status = _("{level} · {share} to next level").format(
            level=label(level_title(progress.level_title), _("Level")), share=percent(progress.fraction)
        )
    small = font(18)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        status_shown = fit(status, small, INNER * 0.6)
        room = INNER - small.getlength(status_shown) - 24
        draw.text((PAD, top), fit(name, small, room), font=small, fill=MUTED)
        draw.text((PAD + INNER, top), status_shown, font=small, fill=ACCENT_TEXT, anchor="ra")
        progress_bar(draw, (PAD, top + 36, PAD + INNER, top + 46), progress.fraction)

    return Block(height, paint)


def _question(question: str) -> list[Block]:
    text = clean(question, multiline=True)
    if not text:
        return []
    return [_lines_block(wrap(text, font(30, True), INNER, 3), 30, bold=True)]


def _lines_block(lines: Sequence[str], size: int, *, bold: bool = False, left: int = PAD) -> Block:
    face = font(size, bold)
    step = line_height(size)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        for index, line in enumerate(lines):
            draw.text((left, top + index * step), line, font=face, fill=TEXT)

    return Block(step * len(lines), paint)


def _body(prompt: Prompt, image_box: tuple[int, int]) -> list[Block]:
    if prompt.kind in IMAGE_KINDS or prompt.image is not None:
        caption = clean(prompt.text, multiline=True)
        return [_image(prompt.image, image_box), *([_panel(caption, 22, 4)] if caption else [])]
    if prompt.kind == TaskKind.COMPARISON:
        # The core gives the two answers apart; older text-only comparisons mark them with "A:" / "B:" lines.
        if len(prompt.answers) == 2:
            return _comparison(Comparison(clean(prompt.text, multiline=True), *prompt.answers))
        parts = split_comparison(prompt.text)
        if parts is not None:
            return _comparison(parts)
    text = clean(prompt.text, multiline=True)
    return [_panel(text, 24, 14)] if text else []


def _image(path: Path | None, box: tuple[int, int]) -> Block:
    loaded = picture.load(path, box, SURFACE)
    if loaded is None:
        return Block(
            PLACEHOLDER_HEIGHT,
            lambda _, draw, top: picture.placeholder(draw, (PAD, top, PAD + INNER, top + PLACEHOLDER_HEIGHT)),
        )

    def paint(image: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.rounded_rectangle((PAD, top, PAD + INNER, top + loaded.height), radius=18, fill=SURFACE)
        mask = Image.new("L", loaded.size, 0)
        ImageDraw.Draw(mask).rounded_rectangle((0, 0, *loaded.size), radius=18, fill=255)
        image.paste(loaded, ((WIDTH - loaded.width) // 2, top), mask)

    return Block(loaded.height, paint)


def _comparison(parts: Comparison) -> list[Block]:
    blocks = [_panel(clean(parts.prompt, multiline=True), 22, 5)] if clean(parts.prompt) else []
    blocks.append(_panel(clean(parts.first, multiline=True) or "—", 22, 8, badge="A"))
    blocks.append(_panel(clean(parts.second, multiline=True) or "—", 22, 8, badge="B"))
    return blocks


def _panel(text: str, size: int, max_lines: int, badge: str | None = None) -> Block:
    """Wrapped text on a rounded surface; a letter badge on the left marks a comparison answer."""
    indent = 52 if badge else 0
    width = INNER - 2 * PANEL_PAD - indent
    lines = wrap(text, font(size), width, max_lines)
    step = line_height(size)
    height = 2 * PANEL_PAD + step * len(lines)
    face = font(size)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.rounded_rectangle((PAD, top, PAD + INNER, top + height), radius=18, fill=SURFACE)
        if badge:
            x, y = PAD + PANEL_PAD + 18, top + PANEL_PAD + step // 2
            draw.ellipse((x - 18, y - 18, x + 18, y + 18), fill=ACCENT)
            draw.text((x, y), badge, font=font(20, True), fill=TEXT, anchor="mm")
        for index, line in enumerate(lines):
            draw.text((PAD + PANEL_PAD + indent, top + PANEL_PAD + index * step), line, font=face, fill=TEXT)

    return Block(height, paint)


def _choices(choices: Sequence[Choice]) -> Block:
    """Numbered chips matching the buttons under the message, flowing onto as many rows as needed."""
    chips = _chip_texts(choices)
    rows = _flow([_chip_width(text) for text in chips], INNER, CHIP_GAP)
    row_height = 56

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        for row_index, row in enumerate(rows):
            x = PAD
            for index in row:
                _chip(draw, (x, top + row_index * (row_height + CHIP_GAP)), index + 1, chips[index], row_height)
                x += _chip_width(chips[index]) + CHIP_GAP

    if not rows:
        none = _("No choices")
        return Block(line_height(18), lambda _image, draw, top: draw.text((PAD, top), none, font=font(18), fill=MUTED))
    return Block(len(rows) * row_height + (len(rows) - 1) * CHIP_GAP, paint)


def _chip_texts(choices: Sequence[Choice]) -> list[str]:
    face = font(CHIP_SIZE, True)
    # Room left for the label once the number disc and padding are taken out of a full-width chip.
    room = INNER - _chip_width("")
    return [fit(label(choice.label, label(choice.key, "?")), face, room) for choice in choices]


def _chip_width(text: str) -> int:
    return 16 + 36 + 12 + round(font(CHIP_SIZE, True).getlength(text)) + 20


def _flow(widths: Sequence[int], limit: int, gap: int) -> list[list[int]]:
    """Indexes grouped into rows whose widths add up to at most `limit`."""
    rows: list[list[int]] = []
    used = limit + 1
    for index, width in enumerate(widths):
        if rows and used + gap + width <= limit:
            rows[-1].append(index)
            used += gap + width
        else:
            rows.append([index])
            used = width
    return rows


def _chip(draw: ImageDraw.ImageDraw, origin: tuple[int, int], number: int, text: str, height: int) -> None:
    x, y = origin
    width = _chip_width(text)
    draw.rounded_rectangle((x, y, x + width, y + height), radius=height // 2, fill=SURFACE_HIGH)
    cx, cy = x + 16 + 18, y + height // 2
    draw.ellipse((cx - 18, cy - 18, cx + 18, cy + 18), fill=ACCENT)
    draw.text((cx, cy), str(number), font=font(18, True), fill=TEXT, anchor="mm")
    draw.text((cx + 18 + 12, cy), text, font=font(CHIP_SIZE, True), fill=TEXT, anchor="lm")
