"""Ranking the systems a comparison campaign compares: Bradley-Terry ratings with bootstrap intervals.

Each settled pair says A won, B won, a tie, or both were bad. Under Bradley-Terry, P(i beats j) = s_i / (s_i + s_j);
a tie counts as half a win each way (the usual convention of public model arenas), and "both bad" says nothing
about which is better, so it is left out. Strengths are fitted by Hunter's minorise-maximise iteration and shown
on the Elo-like scale arenas publish (400 points per factor of ten in odds, mean 1000). The intervals are the
2.5th and 97.5th percentiles over bootstrap resamples of the pairs.

The fit only depends on how often each (first, second, score) triple occurs, so pairs are counted once and a
bootstrap resample is a multinomial draw over those counts: the same distribution as resampling pairs with
replacement, at a cost that grows with the number of systems, not of pairs.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from enum import StrEnum

import numpy as np

from core.consensus.answers import FloatArray, IntArray
from core.types.ranking import SystemRating

SCALE = 400.0 / np.log(10.0)
CENTRE = 1000.0
# Pseudo-games each system plays against a virtual average opponent (half won): keeps a system that won or
# lost every game finite, and barely moves systems with many games.
PRIOR_GAMES = 1.0
# The systems with the most games are ranked, the rest left out: each bootstrap fit costs O(systems²) at worst.
MAX_SYSTEMS = 100
Rating = SystemRating


class PairOutcome(StrEnum):
    A = "a"
    B = "b"
    TIE = "tie"
    BOTH_BAD = "both_bad"


Pair = tuple[str, str, PairOutcome]  # (system that wrote answer A, system that wrote answer B, the verdict)


# Choice keys a comparison campaign may use for each verdict (keys are lower-case, digits, _ and -).
OUTCOME_KEYS: dict[str, PairOutcome] = {
    **{outcome.value: outcome for outcome in PairOutcome},
    "both-bad": PairOutcome.BOTH_BAD,
    "bad": PairOutcome.BOTH_BAD,
    "neither": PairOutcome.BOTH_BAD,
    "draw": PairOutcome.TIE,
    "equal": PairOutcome.TIE,
}


def outcome_of(label: str | None) -> PairOutcome | None:
    """The verdict a settled label gives a pair; None for a label that is no verdict (or no label)."""
    return OUTCOME_KEYS.get(label.strip().lower()) if label else None


def bradley_terry(
    first: IntArray, second: IntArray, score: FloatArray, n_systems: int, weight: FloatArray | None = None
) -> FloatArray:
    """Log-strengths (mean 0) from pairs: `score` is 1 when `first` won, 0 when `second` won, 0.5 for a tie;
    `weight` is how many times each pair counts (1 each when None), or one row of such counts per fit wanted
    (then one row of log-strengths per fit comes back: the bootstrap fits all its resamples at once)."""
    counts = np.ones(len(score)) if weight is None else np.asarray(weight, dtype=np.float64)
    rows = np.atleast_2d(counts)
    fits = rows.shape[0]
    # Each fit's systems are numbered apart (fit f's system i is f * n_systems + i), so one bincount sums all.
    offset = (np.arange(fits) * n_systems)[:, None]
    at_first, at_second = (first + offset).ravel(), (second + offset).ravel()
    size = fits * n_systems

    def summed(at: IntArray, values: FloatArray) -> FloatArray:
        total: FloatArray = np.bincount(at, weights=values.ravel(), minlength=size).astype(np.float64)
        return total.reshape(fits, n_systems)

    wins = PRIOR_GAMES / 2 + summed(at_first, rows * score) + summed(at_second, rows * (1.0 - score))
    strength = np.ones((fits, n_systems))
    for _ in range(500):
        share = rows / (strength[:, first] + strength[:, second])
        # Each comparison adds 1 / (s_i + s_j) to both sides' denominators; the prior game is against 1.
        denominator = PRIOR_GAMES / (strength + 1.0) + summed(at_first, share) + summed(at_second, share)
        updated = wins / denominator
        updated /= np.exp(np.mean(np.log(updated), axis=1, keepdims=True))
        done = np.max(np.abs(np.log(updated) - np.log(strength))) < 1e-9
        strength = updated
        if done:
            break
    log_strength = np.log(strength)
    centred = log_strength - log_strength.mean(axis=1, keepdims=True)
    result: FloatArray = centred if counts.ndim == 2 else centred[0]
    return result


def rank_systems(pairs: list[tuple[str, str, PairOutcome]], n_bootstrap: int = 200, seed: int = 0) -> list[Rating]:
    """Ratings with 95% bootstrap intervals, best first; systems only ever judged "both bad" are left out, and
    beyond MAX_SYSTEMS only the systems with the most games are ranked."""
    return rank_counted(Counter(pairs), n_bootstrap, seed)


def settled_pairs(rows: Iterable[tuple[str | None, str | None, str | None, int]]) -> Counter[Pair]:
    """(system A, system B, settled label, items) rows as counted verdicts; rows naming no systems, or whose
    label is no verdict, say nothing."""
    counted: Counter[Pair] = Counter()
    for system_a, system_b, label, items in rows:
        outcome = outcome_of(label)
        if system_a and system_b and outcome is not None:
            counted[(system_a, system_b, outcome)] += items
    return counted


def rank_counted(counted: Mapping[Pair, int], n_bootstrap: int = 200, seed: int = 0) -> list[Rating]:
    """`rank_systems` for pairs already counted (as a database's GROUP BY gives them)."""
    informative: dict[Pair, int] = {
        pair: n for pair, n in counted.items() if pair[2] is not PairOutcome.BOTH_BAD and pair[0] != pair[1] and n > 0
    }
    played: Counter[str] = Counter()
    for (a, b, _), n in informative.items():
        played[a] += n
        played[b] += n
    kept = set(sorted(played, key=lambda s: (-played[s], s))[:MAX_SYSTEMS])
    informative = {(a, b, o): n for (a, b, o), n in informative.items() if a in kept and b in kept}
    systems = sorted({s for a, b, _ in informative for s in (a, b)})
    if not systems:
        return []
    index = {s: i for i, s in enumerate(systems)}
    first, second, score, count = _tally(informative, index)
    k = len(systems)
    point = CENTRE + SCALE * bradley_terry(first, second, score, k, count)
    rng = np.random.default_rng(seed)
    resampled = rng.multinomial(int(count.sum()), count / count.sum(), size=max(n_bootstrap, 1))
    draws = CENTRE + SCALE * bradley_terry(first, second, score, k, resampled.astype(np.float64))
    low, high = np.percentile(draws, [2.5, 97.5], axis=0)
    games = np.zeros(k, dtype=np.int64)
    np.add.at(games, first, count.astype(np.int64))
    np.add.at(games, second, count.astype(np.int64))
    ratings = [Rating(s, float(point[i]), float(low[i]), float(high[i]), int(games[i])) for s, i in index.items()]
    return sorted(ratings, key=lambda r: (-r.rating, r.system))


def _tally(counted: Mapping[Pair, int], index: dict[str, int]) -> tuple[IntArray, IntArray, FloatArray, FloatArray]:
    """Distinct (first, second, score) triples and how often each occurs; a pair is written with its systems in
    index order (B beating A is A losing to B), so each couple of systems has at most three triples."""
    value = {PairOutcome.A: 2, PairOutcome.B: 0, PairOutcome.TIE: 1}  # the score, doubled to stay whole
    rows = np.empty((len(counted), 3), dtype=np.int64)
    times = np.empty(len(counted), dtype=np.int64)
    for n, ((a, b, outcome), items) in enumerate(counted.items()):
        i, j, v = index[a], index[b], value[outcome]
        rows[n] = (i, j, v) if i < j else (j, i, 2 - v)
        times[n] = items
    unique, inverse = np.unique(rows, axis=0, return_inverse=True)
    count = np.bincount(inverse.ravel(), weights=times, minlength=len(unique))
    return unique[:, 0], unique[:, 1], unique[:, 2] / 2.0, count.astype(np.float64)
