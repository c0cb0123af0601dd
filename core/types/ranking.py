"""The ranking of the systems a comparison campaign compares, as facts the adapters show and exports carry."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SystemRating:
    """A system's Bradley-Terry rating on the arena scale (mean 1000), with its 95% bootstrap interval."""

    system: str
    rating: float
    low: float
    high: float
    games: int  # informative comparisons (both-bad left out)
