"""Spam signals per worker, combined into a weight multiplier in [0, 1] and a suspend flag."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from core.consensus.answers import Answers, FloatArray, IntArray
from core.consensus.gold import Gold


@dataclass(frozen=True, slots=True)
class SpamThresholds:
    """Campaign knobs; each signal is judged only once a worker has enough answers for it."""

    min_seconds: float = 1.5  # an answer faster than this cannot have been read
    max_fast_share: float = 0.3  # suspend when more answers than this are too fast
    max_constant_share: float = 0.95  # one label on at least this share of answers ...
    constant_excess: float = 0.25  # ... and this much more often than the consensus has it on those items
    chance_margin: float = 0.1  # informativeness below this is indistinguishable from guessing
    max_gold_failure: float = 0.5  # suspend when more gold answers than this are wrong
    min_answers: int = 10  # answers needed before consensus-based signals count
    min_gold: int = 3  # gold answers needed before the gold signal counts
    # Suspension needs evidence, not a point estimate: the consensus and gold rules suspend only when the
    # bound this many standard errors on the player's side is past the threshold. An honest player with ten
    # answers has an informativeness standard error near 0.3, so the point estimate alone suspended a few
    # honest players in every hundred (about 1 in 100 per rule at 2.33).
    evidence_z: float = 2.33


@dataclass(frozen=True, slots=True)
class SpamSignals:
    """Per-worker signals (arrays of length n_workers) and their verdict."""

    n_answers: IntArray
    fast_share: FloatArray  # share of answers faster than `min_seconds` (0 without durations)
    constant_share: FloatArray  # share of the worker's most frequent label
    constant_excess: FloatArray  # that share minus the consensus's share of that label on their items
    agreement: FloatArray  # mean posterior probability of the label the worker gave
    chance_agreement: FloatArray  # the agreement of someone answering blindly with the same label mix
    informativeness: FloatArray  # (agreement - chance) / (1 - chance): 1 perfect, 0 guessing, < 0 adversarial
    n_gold: IntArray
    gold_failure: FloatArray  # share of wrong gold answers (0 without gold answers)
    weight: FloatArray  # multiplier in [0, 1] for the worker's vote and reward weight
    suspended: NDArray[np.bool_]
    soft_weight: FloatArray  # the weight the soft penalties alone leave (what `weight` is unless suspended)


def wilson_lower(rate: FloatArray, n: FloatArray, z: float) -> FloatArray:
    """The Wilson score lower bound of a rate observed over `n` trials (0 where n is 0)."""
    n_safe = np.maximum(n, 1.0)
    centre = rate + z * z / (2 * n_safe)
    margin = z * np.sqrt(rate * (1 - rate) / n_safe + z * z / (4 * n_safe * n_safe))
    return np.where(n > 0, (centre - margin) / (1 + z * z / n_safe), 0.0)


def _per_worker(answers: Answers, values: ArrayLike | None = None) -> FloatArray:
    return np.bincount(answers.workers, weights=values, minlength=answers.n_workers).astype(np.float64)


def spam_signals(
    answers: Answers,
    posteriors: FloatArray,
    durations: ArrayLike | None = None,
    gold: Gold | None = None,
    thresholds: SpamThresholds = SpamThresholds(),
) -> SpamSignals:
    """Compute every signal from the answers, the current consensus and optional answer durations (s)."""
    t, k = thresholds, answers.n_classes
    count = _per_worker(answers)
    safe = np.maximum(count, 1.0)

    fast = np.zeros(answers.n_workers)
    if durations is not None:
        too_fast = np.asarray(durations, dtype=np.float64) < t.min_seconds
        fast = _per_worker(answers, too_fast.astype(np.float64)) / safe

    # Label mix of each worker (q) and mean consensus over the items they answered (m), both (W, K).
    cells = np.bincount(answers.workers * np.int64(k) + answers.labels, minlength=answers.n_workers * k)
    q = cells.reshape(answers.n_workers, k) / safe[:, None]
    m = np.stack([_per_worker(answers, posteriors[answers.items, c]) for c in range(k)], axis=1) / safe[:, None]
    modal = np.argmax(q, axis=1)
    constant = q[np.arange(answers.n_workers), modal]
    excess = constant - m[np.arange(answers.n_workers), modal]

    given = posteriors[answers.items, answers.labels]
    agreement = _per_worker(answers, given) / safe
    spread = np.sqrt(np.maximum(_per_worker(answers, given * given) / safe - agreement**2, 0.0))
    # At least the spread of a 50:50 answer, so a short record of lucky agreement still carries its uncertainty.
    standard_error = np.maximum(spread, 0.5) / np.sqrt(safe)
    # Blind answering with the worker's own label mix agrees with the consensus this often by chance.
    chance = np.sum(q * m, axis=1)
    informativeness = (agreement - chance) / np.maximum(1.0 - chance, 1e-9)
    informativeness_upper = (agreement + t.evidence_z * standard_error - chance) / np.maximum(1.0 - chance, 1e-9)

    n_gold = np.zeros(answers.n_workers)
    gold_failure = np.zeros(answers.n_workers)
    if gold is not None and gold.items.size:
        truth = np.full(answers.n_items, -1, dtype=np.int64)
        truth[gold.items] = gold.labels
        known = truth[answers.items]
        on_gold = known >= 0
        n_gold = _per_worker(answers, on_gold.astype(np.float64))
        wrong = _per_worker(answers, (on_gold & (known != answers.labels)).astype(np.float64))
        gold_failure = wrong / np.maximum(n_gold, 1.0)
    gold_failure_lower = wilson_lower(gold_failure, n_gold, t.evidence_z)

    judged = count >= t.min_answers
    gold_judged = n_gold >= t.min_gold
    constant_flag = judged & (constant >= t.max_constant_share) & (excess >= t.constant_excess)
    chance_flag = judged & (informativeness_upper < t.chance_margin)
    gold_flag = gold_judged & (gold_failure_lower > t.max_gold_failure)
    suspended = (fast > t.max_fast_share) | constant_flag | chance_flag | gold_flag
    # Soft penalties below the suspension thresholds: fewer fast answers, more informative, fewer gold misses.
    weight = (1.0 - fast) * np.where(judged, np.clip(informativeness / (3 * t.chance_margin), 0.0, 1.0), 1.0)
    weight *= np.where(gold_judged, 1.0 - gold_failure, 1.0)
    soft_weight = np.clip(weight, 0.0, 1.0)
    weight = np.where(suspended, 0.0, soft_weight)
    return SpamSignals(
        count.astype(np.int64),
        fast,
        constant,
        excess,
        agreement,
        chance,
        informativeness,
        n_gold.astype(np.int64),
        gold_failure,
        weight,
        suspended,
        soft_weight,
    )
