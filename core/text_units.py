"""Text length as Telegram counts it: in UTF-16 code units, where an emoji outside the BMP counts two."""

from __future__ import annotations

ELLIPSIS = "…"


def utf16_len(text: str) -> int:
    """Telegram's length of `text` (its text, caption and entity limits are all in these units)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def fit_utf16(text: str, limit: int) -> str:
    """`text`, or as much of it as fits in `limit` units with an ellipsis; never splits a character."""
    if utf16_len(text) <= limit:
        return text
    budget, units = limit - len(ELLIPSIS), 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > budget:
            return text[:index] + ELLIPSIS
    return text
