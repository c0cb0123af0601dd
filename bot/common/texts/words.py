"""Small grammar every message shares: "1 point", "2 points", "1 token", "1.5 tokens"."""

from __future__ import annotations

__all__ = ["count"]


def count(amount: int | float | str, one: str, many: str | None = None) -> str:
    """`amount` with its noun in the right number; amounts may be decimal strings (token amounts)."""
    plural = many if many is not None else one + "s"
    return f"{amount} {one if str(amount) in ('1', '-1') else plural}"
