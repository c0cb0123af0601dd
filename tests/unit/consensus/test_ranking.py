"""Bradley-Terry ratings of compared systems, against synthetic pairs with known strengths."""

from __future__ import annotations

import numpy as np
import pytest

from core.consensus import ranking
from core.consensus.ranking import (
    SCALE,
    PairOutcome,
    bradley_terry,
    outcome_of,
    rank_counted,
    rank_systems,
    settled_pairs,
)


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


def test_intervals_cover_the_true_strengths_most_of_the_time() -> None:
    covered = checked = 0
    for seed in range(20):
        pairs, truth = synthetic_pairs(600, seed=100 + seed)
        for r in rank_systems(pairs, n_bootstrap=200, seed=seed):
            checked += 1
            covered += r.low <= 1000 + SCALE * truth[r.system] <= r.high
    # Nominally 95%; the prior game shrinks the ratings a little toward the mean, so somewhat fewer.
    assert checked == 80 and covered / checked >= 0.8


def test_counted_pairs_fit_as_the_same_pairs_written_out() -> None:
    first, second = np.array([0, 0, 1, 2]), np.array([1, 2, 2, 0])
    score = np.array([1.0, 0.5, 0.0, 1.0])
    counts = np.array([3.0, 1.0, 2.0, 4.0])
    repeated = np.repeat(np.arange(4), counts.astype(int))
    written_out = bradley_terry(first[repeated], second[repeated], score[repeated], 3)
    assert np.allclose(bradley_terry(first, second, score, 3, counts), written_out)
    # Several fits at once: one row of log-strengths per row of counts.
    both = bradley_terry(first, second, score, 3, np.stack([counts, np.ones(4)]))
    assert np.allclose(both[0], written_out) and np.allclose(both[1], bradley_terry(first, second, score, 3))


def test_a_pair_written_either_way_round_rates_the_same() -> None:
    pairs, _ = synthetic_pairs(300, seed=4)
    flipped = {PairOutcome.A: PairOutcome.B, PairOutcome.B: PairOutcome.A}
    swapped = [(b, a, flipped.get(o, o)) for a, b, o in pairs]
    assert rank_systems(pairs, n_bootstrap=50) == rank_systems(swapped, n_bootstrap=50)


def test_only_the_most_played_systems_are_ranked_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ranking, "MAX_SYSTEMS", 2)
    pairs = [("x", "y", PairOutcome.A)] * 5 + [("y", "z", PairOutcome.TIE)] * 2 + [("x", "w", PairOutcome.B)]
    assert [r.system for r in rank_systems(pairs, n_bootstrap=10)] == ["x", "y"]


def test_settled_labels_read_as_verdicts() -> None:
    assert outcome_of("a") is PairOutcome.A and outcome_of("B") is PairOutcome.B
    assert outcome_of("tie") is outcome_of("draw") is PairOutcome.TIE
    assert outcome_of("both_bad") is outcome_of("both-bad") is PairOutcome.BOTH_BAD
    assert outcome_of("maybe") is None and outcome_of(None) is None


def test_settled_rows_count_as_verdicts_and_rank_as_the_pairs_they_count() -> None:
    rows = [("x", "y", "a", 3), ("y", "x", "b", 2), ("x", "y", "tie", 1), ("x", None, "a", 9), ("x", "y", "z", 9)]
    counted = settled_pairs(rows)
    assert counted == {("x", "y", PairOutcome.A): 3, ("y", "x", PairOutcome.B): 2, ("x", "y", PairOutcome.TIE): 1}
    written_out = [pair for pair, n in counted.items() for _ in range(n)]
    assert rank_counted(counted, n_bootstrap=30) == rank_systems(written_out, n_bootstrap=30)
