"""Confidence you can take at its word: an item reported at p is right about p of the time.

Dawid-Skene's posteriors are overconfident for two reasons. Each item's own answers helped learn the confusion
matrices that then judge it (self-influence), and answers on one item are not independent given its class (hard
items fool many workers at once). The first is removed exactly by `leave_one_out_log_posteriors`: every answer
is judged by its worker's matrix without that item's posterior mass. The second is corrected by a two-parameter
logistic map of the log-odds margin between the two best labels, fitted on gold items only
(`fit_calibration`), on gold judged by a fit that never saw its truth (`blind_log_posteriors`). The map is
monotone, so it never changes an item's label, only how sure we say we are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.consensus.answers import Answers, FloatArray
from core.consensus.dawid_skene import dawid_skene
from core.consensus.models import WorkerModels, WorkerPrior

# Pseudo-answers per row added to every leave-one-out matrix, so a worker whose only answer is the one left
# out is judged by the prior's worker (right two times in three) rather than by nothing.
LOO_STRENGTH = 1.0
# Gold is a handful of items: the fit is pulled toward the identity map (slope 1, intercept 0) by this much,
# which keeps ten gold items from producing a step function.
RIDGE = 0.02
MARGIN_CAP = 30.0  # log-odds beyond this carry no more information and only overflow


@dataclass(frozen=True, slots=True)
class Calibration:
    """Calibrated top-label confidence = sigmoid(slope * margin + intercept), never below 1/K.

    `margin` is the log-odds between the item's best and second-best labels. The identity (slope 1,
    intercept 0) is exactly the model's own posterior for two labels.
    """

    slope: float = 1.0
    intercept: float = 0.0

    def confidence(self, log_posterior: ArrayLike) -> float:
        """The calibrated confidence of one item's most probable label, from its (unnormalised) log-posterior."""
        return float(self.confidences(np.atleast_2d(np.asarray(log_posterior, dtype=np.float64)))[0])

    def confidences(self, log_posteriors: FloatArray) -> FloatArray:
        """Calibrated top-label confidence per item, shape (n_items,)."""
        k = log_posteriors.shape[1]
        z = self.slope * top_margins(log_posteriors) + self.intercept
        return np.maximum(_sigmoid(z), 1.0 / k)


IDENTITY = Calibration()


def top_margins(log_posteriors: FloatArray) -> FloatArray:
    """log P(best) - log P(second best) per item, capped."""
    if log_posteriors.shape[1] < 2:
        return np.full(log_posteriors.shape[0], MARGIN_CAP)
    top2 = -np.partition(-log_posteriors, 1, axis=1)[:, :2]
    return np.minimum(top2[:, 0] - top2[:, 1], MARGIN_CAP)


def loo_columns(answers: Answers, posteriors: FloatArray, prior: WorkerPrior | None = None) -> FloatArray:
    """log P(answer | true class) per answer, (n_answers, K), from its worker's matrix without its own item.

    The matrices are rebuilt from the posterior mass per (worker, true class, answered label), the same counts
    the M-step uses, minus the answer's own item's mass, plus `LOO_STRENGTH` times `prior`'s pseudo-answers.
    """
    k, w = answers.n_classes, answers.n_workers
    q = posteriors[answers.items]  # (n_answers, K): the mass this answer put on each true class
    counts = np.zeros((w * k, k))  # row = worker * K + answered label, column = true class
    np.add.at(counts, answers.workers * k + answers.labels, q)
    totals = counts.reshape(w, k, k).sum(axis=1)  # (W, true class)
    pseudo = (prior or WorkerPrior()).pseudo_counts(k) * LOO_STRENGTH  # [true, answered]
    cell = np.maximum(counts[answers.workers * k + answers.labels] - q, 0.0) + pseudo[:, answers.labels].T
    row = np.maximum(totals[answers.workers] - q, 0.0) + pseudo.sum(axis=1)
    return np.log(np.maximum(cell / row, 1e-10))


def predictive_models(
    answers: Answers, posteriors: FloatArray, models: WorkerModels, prior: WorkerPrior | None = None
) -> WorkerModels:
    """The worker models that judge answers a fit has not seen: the same counts as `loo_columns` (posterior mass
    per worker, true class and answered label, plus `LOO_STRENGTH` times `prior`'s pseudo-answers), over every item.

    A worker with five answers that all agreed is, by maximum likelihood, never wrong, and each new answer of
    theirs would add a log-odds of ~14 (the floor); here it adds what five right answers and a prior's worth of
    doubt support, the footing the leave-one-out posteriors, and so the calibration fitted on them, stand on.
    """
    k, w = answers.n_classes, answers.n_workers
    counts = np.zeros((w * k, k))  # row = worker * K + answered label, column = true class
    np.add.at(counts, answers.workers * k + answers.labels, posteriors[answers.items])
    pseudo = (prior or WorkerPrior()).pseudo_counts(k) * LOO_STRENGTH  # [true, answered]
    confusion = counts.reshape(w, k, k).transpose(0, 2, 1) + pseudo  # [worker, true, answered]
    confusion /= confusion.sum(axis=2, keepdims=True)
    return WorkerModels(confusion, models.class_prior)


def leave_one_out_log_posteriors(
    answers: Answers,
    posteriors: FloatArray,
    models: WorkerModels,
    weights: FloatArray | None = None,
    prior: WorkerPrior | None = None,
    keep: ArrayLike | None = None,
) -> FloatArray:
    """Unnormalised log-posteriors (n_items, K): the class prior plus each answer's leave-one-out column,
    times its worker's weight when `weights` is given (spam weight; 0 for a suspended worker).

    `keep` (bool per answer): only those answers are summed (e.g. `first_answers`); the matrices that judge them
    are still learned from every answer."""
    columns = loo_columns(answers, posteriors, prior)
    if weights is not None:
        columns = columns * np.asarray(weights, dtype=np.float64)[answers.workers, None]
    if keep is not None:
        columns = columns * np.asarray(keep, dtype=bool)[:, None]
    log_prior = np.log(np.maximum(models.class_prior, 1e-300))
    sums = [
        np.bincount(answers.items, weights=columns[:, c], minlength=answers.n_items) for c in range(answers.n_classes)
    ]
    return log_prior + np.stack(sums, axis=1)


def judged_log_posteriors(
    answers: Answers,
    models: WorkerModels,
    prior: WorkerPrior | None = None,
    weights: FloatArray | None = None,
) -> FloatArray:
    """The log-posteriors the game acts on: an EM fit that does not pin gold, started from `models` (the
    gold-pinned fit), then each answer judged leave-one-out.

    Not pinning matters for calibration: judged by matrices that learned the truth of the gold items, gold
    looked surer than the other items, so a map fitted on it came out overconfident (on the public datasets,
    ECE 0.05-0.06 instead of 0.02-0.03 where the gold is large enough to tell). Unpinned, the matrices still
    remember some of gold's truth, so the map is fitted on gold judged by `blind_log_posteriors` instead.
    """
    posteriors, workers = free_fit(answers, models, prior)
    return leave_one_out_log_posteriors(answers, posteriors, workers, weights, prior)


def blind_log_posteriors(
    answers: Answers,
    prior: WorkerPrior | None = None,
    weights: FloatArray | None = None,
    keep: ArrayLike | None = None,
) -> FloatArray:
    """The log-posteriors gold is judged on when the map is fitted: a fit that never saw any gold's truth
    (Dawid-Skene from the vote), then each answer judged leave-one-out; `weights` and `keep` as in
    `leave_one_out_log_posteriors`.

    The fit the game acts on is started from gold-pinned models, and however long it runs after unpinning, those
    matrices keep some of what gold's truth taught them: gold then looks righter than the items the map is used
    on (on the shared rel and web sets, 0.03 more accurate over ten gold draws) and the map comes out
    overconfident. Judged blind, gold stands where any other item stands; refitting once per fold of gold held
    out measured the same.
    """
    blind = dawid_skene(answers, prior=prior or WorkerPrior())
    assert blind.workers is not None
    return leave_one_out_log_posteriors(answers, blind.posteriors, blind.workers, weights, prior, keep)


def free_fit(
    answers: Answers, models: WorkerModels, prior: WorkerPrior | None = None
) -> tuple[FloatArray, WorkerModels]:
    """The EM fit `judged_log_posteriors` stands on (gold not pinned, started from `models`): its posteriors and
    worker models, for a caller that sums the leave-one-out columns over several sets of answers."""
    free = dawid_skene(answers, prior=prior or WorkerPrior(), warm_start=models)
    assert free.workers is not None
    return free.posteriors, free.workers


def first_answers(items: ArrayLike, limit: int, counts: ArrayLike | None = None) -> np.ndarray:
    """Bool per answer: whether it is among its item's first `limit` answers, in the order given.

    Calibration is fitted on gold, but gold items are shown to every player and collect far more answers than
    the campaign's maximum overlap: judged on all of them they look far surer than any item the map is then
    used on, and the fit learns nothing about the margins normal items end with. Judged on their first answers
    they stand where a normal item stands. With `counts` (bool per answer), only those answers count towards
    the limit (the crowd's, not the campaign's model) and the others are always kept.
    """
    index = np.asarray(items, dtype=np.int64)
    counting = np.ones(index.size, dtype=bool) if counts is None else np.asarray(counts, dtype=bool)
    if index.size == 0:
        return counting.copy()
    # Rank of each counting answer within its item: a stable sort by item keeps the given order inside each item.
    order = np.argsort(index, kind="stable")
    sorted_items, sorted_counting = index[order], counting[order].astype(np.int64)
    running = np.cumsum(sorted_counting)
    starts = np.searchsorted(sorted_items, sorted_items, side="left")
    before = np.where(starts > 0, running[starts - 1], 0)
    rank = np.empty(index.size, dtype=np.int64)
    rank[order] = running - before  # 1 for an item's first counting answer
    return ~counting | (rank <= limit)


def fit_calibration(log_posteriors: FloatArray, gold_items: ArrayLike, gold_labels: ArrayLike) -> Calibration:
    """The logistic map from margin to P(top label is right), fitted on gold by Newton's method.

    The targets are Platt's: a right gold item counts as (n_right + 1) / (n_right + 2) right, a wrong one as
    1 / (n_wrong + 2), the Laplace estimates of what the gold can vouch for. Scarce gold is then conservative
    by itself: eleven gold items all right above some margin cannot carry the map past 12/13, whereas fitting
    0/1 targets made that separable gold read as certainty (on the shared bluebirds set, 0.999 reported
    for items right 90% of the time). With plenty of gold the targets tend to 0/1 and the fit is the plain one.
    With no gold, the identity; the ridge keeps one or two gold items from producing a step function.
    """
    items = np.asarray(gold_items, dtype=np.int64)
    if items.size == 0:
        return IDENTITY
    rows = log_posteriors[items]
    right = laplace_targets(np.argmax(rows, axis=1) == np.asarray(gold_labels, dtype=np.int64))
    margin = top_margins(rows)
    x = np.stack([margin, np.ones_like(margin)], axis=1)
    anchor = np.array([1.0, 0.0])

    def loss(theta: FloatArray) -> float:
        z = x @ theta
        # log(1 + e^z) - y z, the logistic loss, written to stay finite for large |z|
        return float(np.mean(np.logaddexp(0.0, z) - right * z) + 0.5 * RIDGE * np.sum((theta - anchor) ** 2))

    theta = anchor.copy()
    for _ in range(100):
        p = _sigmoid(x @ theta)
        gradient = x.T @ (p - right) / len(right) + RIDGE * (theta - anchor)
        hessian = (x * (p * (1 - p))[:, None]).T @ x / len(right) + RIDGE * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        # Damped Newton: halve the step until the loss falls, or Newton overshoots on nearly separable gold.
        current, scale = loss(theta), 1.0
        while scale > 1e-6 and loss(theta - scale * step) > current:
            scale /= 2
        theta = theta - scale * step
        if np.abs(scale * step).max() < 1e-9:
            break
    return Calibration(float(max(theta[0], 0.0)), float(theta[1]))


def laplace_targets(correct: ArrayLike) -> FloatArray:
    """Platt's targets for right/wrong gold: (n_right + 1) / (n_right + 2) for right, 1 / (n_wrong + 2) for wrong."""
    ok = np.asarray(correct, dtype=bool)
    n_right = float(ok.sum())
    return np.where(ok, (n_right + 1) / (n_right + 2), 1.0 / (ok.size - n_right + 2))


def expected_calibration_error(confidence: ArrayLike, correct: ArrayLike, bins: int = 10) -> float:
    """Sum over equal-width confidence bins of (share of items) x |mean confidence - accuracy|."""
    table = reliability_table(confidence, correct, bins)
    n = sum(count for _, count, _, _ in table)
    return float(sum(count / n * abs(conf - acc) for _, count, conf, acc in table)) if n else 0.0


def ece_floor(confidence: ArrayLike, draws: int = 200, seed: int = 0) -> float:
    """The ECE a perfectly calibrated confidence scores on as many items: the mean over seeded draws in which
    each item is right with exactly its stated probability. The binned error of a perfect map is itself 0.03-0.05
    below ~1,000 items, so an ECE near this floor is all such a sample can tell."""
    c = np.asarray(confidence, dtype=np.float64)
    rng = np.random.default_rng(seed)
    return float(np.mean([expected_calibration_error(c, rng.random(c.size) < c) for _ in range(draws)]))


def reliability_table(
    confidence: ArrayLike, correct: ArrayLike, bins: int = 10
) -> list[tuple[float, int, float, float]]:
    """Per non-empty bin: (lower edge, items, mean confidence, accuracy)."""
    c = np.asarray(confidence, dtype=np.float64)
    ok = np.asarray(correct, dtype=np.float64)
    index = np.minimum((c * bins).astype(np.int64), bins - 1)
    rows = []
    for b in range(bins):
        mask = index == b
        if mask.any():
            rows.append((b / bins, int(mask.sum()), float(c[mask].mean()), float(ok[mask].mean())))
    return rows


def _sigmoid(z: FloatArray) -> FloatArray:
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


__all__ = [
    "IDENTITY",
    "Calibration",
    "blind_log_posteriors",
    "ece_floor",
    "expected_calibration_error",
    "first_answers",
    "fit_calibration",
    "free_fit",
    "judged_log_posteriors",
    "laplace_targets",
    "leave_one_out_log_posteriors",
    "loo_columns",
    "predictive_models",
    "reliability_table",
    "top_margins",
]
