"""Bradley-Terry ratings of compared systems, against synthetic pairs with known strengths."""

from __future__ import annotations

import numpy as np

from core.consensus.ranking import SCALE, PairOutcome, rank_systems


def synthetic_pairs(n: int, seed: int) -> tuple[list[tuple[str, str, PairOutcome]], dict[str, float]]:
    """Four systems with log-strengths 1.2, 0.4, -0.4, -1.2; some ties and some both-bad among the pairs."""
    rng = np.random.default_rng(seed)
    truth = {"alpha": 1.2, "beta": 0.4, "gamma": -0.4, "delta": -1.2}
    names = list(truth)
    pairs = []
    for _ in range(n):
        a, b = rng.choice(4, 2, replace=False)
        p = 1 / (1 + np.exp(truth[names[b]] - truth[names[a]]))
        roll = rng.random()
        if roll < 0.05:
            outcome = PairOutcome.BOTH_BAD
        elif roll < 0.10:
            outcome = PairOutcome.TIE
        else:
            outcome = PairOutcome.A if rng.random() < p else PairOutcome.B
        pairs.append((names[a], names[b], outcome))
    return pairs, truth


def test_ratings_recover_the_known_order_and_gaps() -> None:
    pairs, truth = synthetic_pairs(4000, seed=1)
    ratings = rank_systems(pairs, n_bootstrap=100)
    assert [r.system for r in ratings] == ["alpha", "beta", "gamma", "delta"]
    by_name = {r.system: r for r in ratings}
    for name, log_strength in truth.items():
        # The true gap to the mean, on the published scale, lies within the bootstrap interval.
        expected = 1000 + SCALE * log_strength
        assert by_name[name].low - 15 <= expected <= by_name[name].high + 15
    assert all(r.low < r.rating < r.high for r in ratings)
    assert abs(np.mean([r.rating for r in ratings]) - 1000) < 1e-6


def test_intervals_narrow_with_more_comparisons() -> None:
    few = {r.system: r.high - r.low for r in rank_systems(synthetic_pairs(200, seed=2)[0], n_bootstrap=100)}
    many = {r.system: r.high - r.low for r in rank_systems(synthetic_pairs(5000, seed=2)[0], n_bootstrap=100)}
    assert all(many[s] < few[s] / 2 for s in few)


def test_both_bad_says_nothing_and_an_unbeaten_system_stays_finite() -> None:
    pairs = [("x", "y", PairOutcome.A)] * 5 + [("y", "z", PairOutcome.BOTH_BAD)] * 50
    ratings = rank_systems(pairs, n_bootstrap=20)
    assert [r.system for r in ratings] == ["x", "y"]
    assert np.isfinite(ratings[0].rating) and ratings[0].games == 5
    assert rank_systems([("x", "y", PairOutcome.BOTH_BAD)]) == []
