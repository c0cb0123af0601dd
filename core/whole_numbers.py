"""Whole numbers as users type them: ASCII digits only, always within stated bounds.

`str.isdigit()` also accepts "²" and "٣", which `int()` then refuses; `int()` of a long enough string is refused by
Python itself; and a number past 64 bits overflows the database. Every command argument goes through here instead.
"""

from __future__ import annotations

from core.errors import NotAWholeNumber

# Ids, counts and per-item points live in 32-bit columns on PostgreSQL.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1


def is_digits(text: str) -> bool:
    """Only the ASCII digits 0-9, at least one."""
    return text.isascii() and text.isdigit()


def whole_number(text: str, low: int, high: int, what: str) -> int:
    """`text` as an int from `low` to `high`, or NotAWholeNumber stating that rule."""
    digits = text.strip()
    significant = digits.lstrip("0") or "0"
    if not is_digits(digits) or len(significant) > len(str(high)) or not low <= int(significant) <= high:
        raise NotAWholeNumber(what, low, high)
    return int(significant)
