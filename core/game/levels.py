"""Pure level rules: progress toward the next rung, promotion and demotion from recent gold answers."""

from __future__ import annotations

from collections.abc import Sequence

from core.settings import Level
from core.types import Progress


def accuracy(results: Sequence[bool]) -> float | None:
    return sum(results) / len(results) if results else None


def progress(ladder: Sequence[Level], level: int, recent_gold: Sequence[bool]) -> Progress:
    """`recent_gold`: correctness of the player's gold answers at this level, newest first."""
    rung = ladder[level]
    window = list(recent_gold[: rung.window])
    top = level == len(ladder) - 1
    return Progress(
        level=level,
        level_key=rung.key,
        level_title=rung.title,
        next_title=None if top else ladder[level + 1].title,
        gold_answered=len(window),
        gold_needed=rung.promote_min_gold,
        accuracy=accuracy(window),
        accuracy_needed=rung.promote_accuracy,
    )


def next_level(ladder: Sequence[Level], level: int, recent_gold: Sequence[bool]) -> int:
    """The level after this gold answer: one up, one down, or unchanged."""
    rung = ladder[level]
    window = list(recent_gold[: rung.window])
    if len(window) < rung.promote_min_gold:
        return level
    acc = sum(window) / len(window)
    if acc >= rung.promote_accuracy and level < len(ladder) - 1:
        return level + 1
    if acc < rung.demote_accuracy and level > 0:
        return level - 1
    return level
