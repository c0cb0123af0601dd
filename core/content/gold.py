"""Choosing which known-answer items serve as gold, deterministically."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable


def pick_gold(ids: Iterable[str], share: float, seed: str = "gold") -> frozenset[str]:
    """A `share` of `ids`, chosen by hash so the same ids give the same gold whatever their order."""
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"gold share must be between 0 and 1, not {share}")
    unique = sorted(set(ids))
    ranked = sorted(unique, key=lambda i: hashlib.sha256(f"{seed}:{i}".encode()).hexdigest())
    return frozenset(ranked[: round(share * len(unique))])
