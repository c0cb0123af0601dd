"""Numeric tasks: robust estimate, outlier exclusion, a threshold that widens with the crowd."""

from __future__ import annotations

import numpy as np

from core.consensus import robust_estimate
from core.consensus.numeric import outlier_threshold


def test_gross_outliers_are_excluded() -> None:
    result = robust_estimate([12, 11, 12, 13, 12, 400, 11, -50])
    np.testing.assert_array_equal(result.kept, [True, True, True, True, True, False, True, False])
    assert abs(result.estimate - 11.833) < 0.01
    assert 0 < result.uncertainty < 1


def test_threshold_widens_with_the_number_of_answers() -> None:
    thresholds = [outlier_threshold(n) for n in (2, 5, 20, 100, 1000)]
    assert thresholds == sorted(thresholds) and thresholds[0] == 2.0 and thresholds[-1] > 3.4


def test_a_large_honest_crowd_keeps_its_tails() -> None:
    values = np.random.default_rng(0).normal(50, 5, 2000)
    result = robust_estimate(values)
    assert result.kept.mean() > 0.99
    assert abs(result.estimate - 50) < 3 * result.uncertainty + 0.1


def test_identical_answers_and_a_near_miss_are_all_kept() -> None:
    result = robust_estimate([7, 7, 7, 7, 8])
    assert result.kept.all() and result.estimate == 7.2


def test_single_and_empty() -> None:
    assert robust_estimate([3]).estimate == 3.0
    assert np.isnan(robust_estimate([]).estimate)


def test_numeric_items_resolve_on_the_robust_estimate_and_ignore_an_outlier() -> None:
    from core.consensus import numeric_resolution

    choices = [float(k) for k in range(1, 10)]
    state, label, confidence = numeric_resolution([7, 7, 7], choices, 3, 7, 0.9)
    assert (state, choices[label]) == ("resolved", 7.0) and confidence > 0.9
    # A wild answer neither moves the estimate nor holds the item back.
    state, label, _ = numeric_resolution([7, 7, 1, 7], choices, 3, 7, 0.9)
    assert (state, choices[label]) == ("resolved", 7.0)
    # Neighbouring answers round to the value between them once there is enough evidence.
    assert numeric_resolution([6, 7, 8], choices, 3, 7, 0.9)[0] == "open"
    state, label, _ = numeric_resolution([6, 7, 8, 7, 7, 6, 8], choices, 3, 7, 0.9)
    assert state in ("resolved", "ambiguous") and choices[label] == 7.0
    assert numeric_resolution([], choices, 3, 7, 0.9)[0] == "open"
