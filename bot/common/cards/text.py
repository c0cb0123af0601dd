"""Text that is safe to draw: cleaned of what the font cannot show, fitted to a width, wrapped."""

from __future__ import annotations

import math
import unicodedata

from PIL import ImageFont

from bot.common.cards.fonts import has_glyph

ELLIPSIS = "…"
# Far more than any card shows; bounds the work spent on a hostile multi-megabyte string.
MAX_INPUT_CHARS = 2000
# Zero-width non-joiner changes how Persian words join, so it survives the format-character purge.
_KEEP_FORMAT = {"\u200c"}


def clean(text: str, *, multiline: bool = False) -> str:
    """Drop control, format and undrawable characters; symbols the font lacks vanish, letters become '?'."""
    text = unicodedata.normalize("NFC", (text or "")[:MAX_INPUT_CHARS]).replace("\r\n", "\n")
    kept: list[str] = []
    for char in text:
        kept.append(_visible(char, multiline))
    lines = "".join(kept).split("\n")
    # Collapse runs of spaces left behind by dropped characters and tabs.
    return "\n".join(" ".join(line.split()) for line in lines).strip()


def _visible(char: str, multiline: bool) -> str:
    if char in "\n\r\u2028\u2029":
        return "\n" if multiline else " "
    if char == "\t":
        return " "
    category = unicodedata.category(char)
    if char in _KEEP_FORMAT:
        return char
    if category[0] == "C":
        # Control, format (bidi overrides, joiners), surrogates, private use, unassigned.
        return ""
    if category[0] == "Z":
        return " "
    if category == "Mn" and not has_glyph(char):
        return ""
    if has_glyph(char):
        return char
    # A missing symbol (mostly emoji) is decoration; a missing letter is content, so keep its place.
    return "" if category[0] == "S" else "?"


def label(text: str, fallback: str) -> str:
    """A one-line cleaned text, or `fallback` when nothing drawable is left."""
    cleaned = clean(text)
    return cleaned if cleaned.strip("? ") else fallback


def fit(text: str, font: ImageFont.FreeTypeFont, width: float) -> str:
    """`text` as it fits in `width` pixels on one line, cut with an ellipsis when it does not."""
    text = text[: _most_chars(font, width)]
    if font.getlength(text) <= width:
        return text
    low, high = 0, len(text)
    # Largest prefix that still fits with the ellipsis after it.
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low or font.getlength(ELLIPSIS) <= width else ""


def wrap(text: str, font: ImageFont.FreeTypeFont, width: float, max_lines: int) -> list[str]:
    """Lines of `text` no wider than `width`; the last kept line ends in an ellipsis if text was cut."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_paragraph(paragraph, font, width, max_lines + 1 - len(lines)))
        if len(lines) > max_lines:
            break
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    # Either the ellipsis fits after the line or `fit` shortens the line to make room for it.
    kept[-1] = fit(kept[-1].rstrip() + ELLIPSIS, font, width)
    return kept


def _wrap_paragraph(paragraph: str, font: ImageFont.FreeTypeFont, width: float, budget: int) -> list[str]:
    """Greedy word wrap; a word wider than the line is broken between characters."""
    lines: list[str] = []
    current = ""
    for word in paragraph.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width and len(current) > 1 and len(lines) < budget:
            head = _longest_prefix(current, font, width)
            lines.append(current[:head])
            current = current[head:]
        if len(lines) >= budget:
            return lines
    lines.append(current)
    return lines


def _most_chars(font: ImageFont.FreeTypeFont, width: float) -> int:
    """No drawable character is narrower than a tenth of the size, so more than this could never be shown."""
    return int(width / (font.size * 0.1)) + 2


def _longest_prefix(word: str, font: ImageFont.FreeTypeFont, width: float) -> int:
    low, high = 1, min(len(word), _most_chars(font, width))
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(word[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def number(value: int) -> str:
    """Thousands separated, the way scores read on a phone."""
    return f"{value:,}"


def compact(value: int) -> str:
    """A big count in a few characters (12.3M), for tiles where every digit costs width."""
    for limit, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M")):
        if abs(value) >= limit:
            return f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return number(value)


def percent(value: float | None) -> str:
    """A 0..1 share as a whole percentage; a dash when unknown."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{round(max(0.0, min(1.0, value)) * 100)}%"
