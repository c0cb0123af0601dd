"""Voting: the baseline, the initialisation of Dawid-Skene, and the fallback when a fit has no history."""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from core.consensus.answers import Answers, FloatArray
from core.consensus.gold import Gold, pin
from core.consensus.models import ConsensusFit


def vote_posteriors(answers: Answers, worker_weights: ArrayLike | None = None) -> FloatArray:
    """Each item's (weighted) share of votes per class, shape (n_items, K).

    Items without answers, or whose voters all weigh 0, get the uniform distribution: no evidence.
    """
    k = answers.n_classes
    cells = answers.items * np.int64(k) + answers.labels
    weights = None
    if worker_weights is not None:
        weights = np.asarray(worker_weights, dtype=np.float64)[answers.workers]
    votes = np.bincount(cells, weights=weights, minlength=answers.n_items * k).astype(np.float64)
    votes = votes.reshape(answers.n_items, k)
    totals = votes.sum(axis=1, keepdims=True)
    empty = totals[:, 0] <= 0
    votes[empty] = 1.0
    totals[empty] = k
    return votes / totals


def majority_vote(answers: Answers, gold: Gold | None = None) -> ConsensusFit:
    """One worker, one vote; ties go to the lowest class index when labels are read."""
    return ConsensusFit(pin(vote_posteriors(answers), gold), None)


def weighted_vote(answers: Answers, worker_weights: ArrayLike, gold: Gold | None = None) -> ConsensusFit:
    """Votes weighted per worker, e.g. by reputation times the spam multiplier."""
    return ConsensusFit(pin(vote_posteriors(answers, worker_weights), gold), None)


def agreement_weights(answers: Answers, posteriors: FloatArray, smoothing: float = 1.0) -> FloatArray:
    """Each worker's (smoothed) mean agreement with the given posteriors, a weight for `weighted_vote`.

    With majority-vote posteriors this is the classic "worker agreement with aggregate" weighting;
    the smoothing pulls workers with few answers toward chance (1 / K) instead of 0 or 1.
    """
    agree = posteriors[answers.items, answers.labels]
    total = np.bincount(answers.workers, weights=agree, minlength=answers.n_workers)
    count = np.bincount(answers.workers, minlength=answers.n_workers)
    return (total + smoothing / answers.n_classes) / (count + smoothing)
