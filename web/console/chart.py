"""The job page's charts as inline SVG figures, pure (nothing is drawn in the browser, nothing fetched)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


def bars(values: Mapping[str, int], *, width: float = 560, height: float = 160) -> list[Bar]:
    """One bar per key, scaled to the largest value; an empty mapping gives no bars."""
    if not values:
        return []
    top = max(max(values.values()), 1)
    slot = width / len(values)
    return [
        Bar(label, value, i * slot + slot * 0.15, height - value / top * height, slot * 0.7, value / top * height)
        for i, (label, value) in enumerate(values.items())
    ]
