"""Ranking the systems a comparison campaign compares: Bradley-Terry ratings with bootstrap intervals.

Each settled pair says A won, B won, a tie, or both were bad. Under Bradley-Terry, P(i beats j) = s_i / (s_i + s_j);
a tie counts as half a win each way (the usual convention of public model arenas), and "both bad" says nothing
about which is better, so it is left out. Strengths are fitted by Hunter's minorise-maximise iteration and shown
on the Elo-like scale arenas publish (400 points per factor of ten in odds, mean 1000). The intervals are the
2.5th and 97.5th percentiles over bootstrap resamples of the pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from core.consensus.answers import FloatArray, IntArray

SCALE = 400.0 / np.log(10.0)
CENTRE = 1000.0
# Pseudo-games each system plays against a virtual average opponent (half won): keeps a system that won or
# lost every game finite, and barely moves systems with many games.
PRIOR_GAMES = 1.0


class PairOutcome(StrEnum):
    A = "a"
    B = "b"
    TIE = "tie"
    BOTH_BAD = "both_bad"


@dataclass(frozen=True, slots=True)
class Rating:
    system: str
    rating: float
    low: float  # 95% bootstrap interval
    high: float
    games: int  # informative comparisons (both-bad left out)


def bradley_terry(first: IntArray, second: IntArray, score: FloatArray, n_systems: int) -> FloatArray:
    """Log-strengths (mean 0) from pairs: `score` is 1 when `first` won, 0 when `second` won, 0.5 for a tie."""
    wins = np.zeros(n_systems) + PRIOR_GAMES / 2
    np.add.at(wins, first, score)
    np.add.at(wins, second, 1.0 - score)
    strength = np.ones(n_systems)
    for _ in range(500):
        total = strength[first] + strength[second]
        # Each comparison contributes 1 / (s_i + s_j) to both sides' denominators; the prior game is against 1.
        denominator = PRIOR_GAMES / (strength + 1.0)
        np.add.at(denominator, first, 1.0 / total)
        np.add.at(denominator, second, 1.0 / total)
        updated = wins / denominator
        updated /= np.exp(np.mean(np.log(updated)))
        if np.max(np.abs(np.log(updated) - np.log(strength))) < 1e-9:
            strength = updated
            break
        strength = updated
    log_strength = np.log(strength)
    return log_strength - log_strength.mean()


def rank_systems(pairs: list[tuple[str, str, PairOutcome]], n_bootstrap: int = 200, seed: int = 0) -> list[Rating]:
    """Ratings with 95% bootstrap intervals, best first; systems only ever judged "both bad" are left out."""
    informative = [(a, b, o) for a, b, o in pairs if o is not PairOutcome.BOTH_BAD and a != b]
    systems = sorted({s for a, b, _ in informative for s in (a, b)})
    if not systems:
        return []
    index = {s: i for i, s in enumerate(systems)}
    first = np.array([index[a] for a, _, _ in informative], dtype=np.int64)
    second = np.array([index[b] for _, b, _ in informative], dtype=np.int64)
    value = {PairOutcome.A: 1.0, PairOutcome.B: 0.0, PairOutcome.TIE: 0.5}
    score = np.array([value[o] for _, _, o in informative])
    k = len(systems)
    point = CENTRE + SCALE * bradley_terry(first, second, score, k)
    rng = np.random.default_rng(seed)
    draws = np.empty((n_bootstrap, k))
    for b in range(n_bootstrap):
        pick = rng.integers(0, len(score), len(score))
        draws[b] = CENTRE + SCALE * bradley_terry(first[pick], second[pick], score[pick], k)
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    games = np.bincount(first, minlength=k) + np.bincount(second, minlength=k)
    ratings = [Rating(s, float(point[i]), float(low[i]), float(high[i]), int(games[i])) for s, i in index.items()]
    return sorted(ratings, key=lambda r: -r.rating)
