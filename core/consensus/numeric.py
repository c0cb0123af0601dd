"""Numeric answers ("how many ...?"): a robust estimate with outliers excluded under a normal model."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray

# MAD * 1.4826 estimates the standard deviation of a normal sample without being moved by outliers.
MAD_TO_SIGMA = 1.4826


@dataclass(frozen=True, slots=True)
class NumericEstimate:
    """The estimate, its standard error, and which answers were kept (the rest are outliers)."""

    estimate: float
    uncertainty: float
    kept: NDArray[np.bool_]


def outlier_threshold(n_answers: int, min_z: float = 2.0) -> float:
    """Chauvenet's criterion: the |z| that fewer than half an answer out of n should exceed by chance.

    It widens as answers accumulate (with 100 answers a 2.8-sigma deviate is expected, with 5 it is not),
    so a larger crowd's honest tail is not cut off; `min_z` keeps small samples from being over-trimmed.
    """
    if n_answers <= 1:
        return float("inf")
    return max(min_z, NormalDist().inv_cdf(1.0 - 1.0 / (4.0 * n_answers)))


def robust_estimate(
    values: ArrayLike, *, min_scale: float = 0.5, min_z: float = 2.0, max_rounds: int = 5
) -> NumericEstimate:
    """Median/MAD screening repeated until the kept set is stable, then the mean of the kept answers.

    `min_scale` is the smallest spread we believe in (half a unit for counts), so five identical answers
    and one off by one do not declare the sixth an outlier at zero spread.
    """
    x = np.asarray(values, dtype=np.float64).ravel()
    if x.size == 0:
        return NumericEstimate(float("nan"), float("inf"), np.zeros(0, dtype=bool))
    z = outlier_threshold(x.size, min_z)
    kept = np.ones(x.size, dtype=bool)
    for _ in range(max_rounds):  # a loop over screening rounds, each vectorised over answers
        centre = float(np.median(x[kept]))
        scale = max(MAD_TO_SIGMA * float(np.median(np.abs(x[kept] - centre))), min_scale)
        new_kept = np.abs(x - centre) <= z * scale
        if np.array_equal(new_kept, kept):
            break
        kept = new_kept
    estimate = float(np.mean(x[kept]))
    spread = float(np.std(x[kept], ddof=1)) if kept.sum() > 1 else min_scale
    return NumericEstimate(estimate, max(spread, min_scale) / float(np.sqrt(kept.sum())), kept)


def numeric_resolution(
    values: ArrayLike,
    choice_values: ArrayLike,
    min_answers: int,
    max_answers: int,
    target_confidence: float,
    *,
    min_scale: float = 0.5,
) -> tuple[str, int, float]:
    """(state, index of the choice nearest the robust estimate, confidence) for one numeric item.

    The confidence is the probability, under a normal model of the estimate's error, that the true value lies
    within half a unit of the estimate (the choice it rounds to); outliers are excluded before anything is
    estimated, so one wild answer neither moves the estimate nor blocks the item.
    """
    x = np.asarray(values, dtype=np.float64)
    choices = np.asarray(choice_values, dtype=np.float64)
    found = robust_estimate(x, min_scale=min_scale)
    if x.size == 0:
        return "open", 0, 0.0
    label = int(np.argmin(np.abs(choices - found.estimate)))
    confidence = 2.0 * NormalDist().cdf(0.5 / max(found.uncertainty, 1e-9)) - 1.0
    if x.size >= min_answers and confidence >= target_confidence:
        return "resolved", label, confidence
    if x.size >= max_answers:
        return "ambiguous", label, confidence
    return "open", label, confidence
