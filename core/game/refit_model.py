"""The refit's arithmetic, from a snapshot of one campaign's answers to what should be written back.

Pure numpy and plain data: no database and no session, so the use case can run it with no transaction open.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from core.consensus import (
    Answers,
    Calibration,
    Gold,
    ResolutionState,
    SpamSignals,
    SpamThresholds,
    WorkerModels,
    WorkerPrior,
    blind_log_posteriors,
    dawid_skene,
    first_answers,
    fit_calibration,
    free_fit,
    leave_one_out_log_posteriors,
    predictive_models,
    resolution,
    spam_signals,
)
from core.consensus.answers import FloatArray, IntArray

MODEL_ACCOUNT = -1  # the campaign's model as a worker (core.assist.worker); no account has this id


@dataclass(frozen=True)
class Snapshot:
    """One campaign's answered assignments (aligned arrays) and the state the refit compares against."""

    choices: tuple[str, ...]  # choice keys, in index order
    items: IntArray  # item id per answer
    accounts: IntArray  # account id per answer
    labels: IntArray  # choice index per answer
    counted: np.ndarray  # bool per answer: only counted answers are evidence
    seconds: FloatArray  # time from shown to answered
    gold: dict[int, int]  # item id -> known choice index
    open_items: set[int]  # non-gold items still open
    settled: dict[int, str | None]  # non-gold settled item id -> its current label (after recorded changes)
    stored: dict[int, list[list[float]]] = field(default_factory=dict)  # account id -> stored confusion
    # account id -> (stored weight, suspended, days since the refit that stored them, reinstated on appeal)
    previous: dict[int, tuple[float, bool, float, bool]] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkerRow:
    account_id: int
    confusion: list[list[float]]
    weight: float
    suspended: bool
    reason: str

    def __reduce__(self) -> tuple[type[WorkerRow], tuple[int, list[list[float]], float, bool, str]]:
        # Rebuilt through the constructor: a frozen dataclass's default unpickling cost ~20 us a row, and a refit
        # worker process sends one row per player back to the bots' process.
        return WorkerRow, (self.account_id, self.confusion, self.weight, self.suspended, self.reason)


@dataclass(frozen=True)
class RefitResult:
    workers: list[WorkerRow]
    posteriors: dict[int, tuple[int, list[float]]]  # open item id -> (counted answers it was computed from, log)
    decided: dict[int, tuple[ResolutionState, int, float]]  # open items the new posterior resolves
    relabelled: dict[int, tuple[int, float]]  # settled items whose label the fit changes -> (new index, conf.)
    calibration: Calibration | None = None  # the confidence map fitted on gold; None: too little gold answered


def compute(
    snap: Snapshot,
    prior: WorkerPrior,
    thresholds: SpamThresholds,
    overlap: tuple[int, int, float],
    min_gold_to_calibrate: int = 10,
    max_daily_weight_loss: float = 1.0,
) -> RefitResult:
    """Fit Dawid-Skene warm-started from stored models, judge spam, and derive posteriors and label changes.

    Confidence is calibrated once `min_gold_to_calibrate` gold items have counted answers: the map from an
    item's posterior margin to how often such an item is right, fitted on those gold items.
    """
    item_ids, item_index = np.unique(snap.items, return_inverse=True)
    account_ids, worker_index = np.unique(snap.accounts, return_inverse=True)
    k, n_items, n_workers = len(snap.choices), len(item_ids), len(account_ids)
    every = Answers.from_arrays(item_index, worker_index, snap.labels, n_items, n_workers, k)
    counted = Answers.from_arrays(
        item_index[snap.counted], worker_index[snap.counted], snap.labels[snap.counted], n_items, n_workers, k
    )
    position = {int(item): i for i, item in enumerate(item_ids)}
    gold_items = [(position[i], label) for i, label in snap.gold.items() if i in position]
    gold = Gold.from_arrays([i for i, _ in gold_items], [label for _, label in gold_items])
    fit = dawid_skene(counted, prior=prior, gold=gold, warm_start=_warm_start(snap, account_ids, prior))
    assert fit.workers is not None
    signals = _signals(snap, every, fit.posteriors, gold, thresholds)
    # A reviewer who reinstated a player on appeal has the last word over the consensus and gold rules.
    reinstated = np.array([snap.previous.get(int(a), (0, False, 0, False))[3] for a in account_ids], dtype=bool)
    signals = replace(
        signals,
        suspended=signals.suspended & ~reinstated,
        weight=np.where(reinstated, signals.soft_weight, signals.weight),
    )
    weight = np.where(signals.suspended, 0.0, _capped_loss(snap, account_ids, signals, max_daily_weight_loss))
    # The campaign's model (core.assist.worker) is judged by its confusion matrix alone and never suspended.
    model = account_ids == MODEL_ACCOUNT
    signals = replace(signals, suspended=signals.suspended & ~model)
    weight = np.where(model, 1.0, weight)
    # The stored matrices judge the answers that arrive before the next refit: the predictive ones, on the same
    # footing as the leave-one-out restart below (five agreeing answers are not a worker who is never wrong).
    judging = predictive_models(counted, fit.posteriors, fit.workers, prior)
    workers = [
        WorkerRow(
            int(account),
            np.round(judging.confusion[w], 5).tolist(),
            round(float(weight[w]), 4),
            bool(signals.suspended[w]),
            _reason(signals, w, thresholds),
        )
        for w, account in enumerate(account_ids)
    ]
    # Open items restart from the class prior plus each counted answer's weighted column, judged by its worker's
    # model learned without that item (leave-one-out): an item's own answers vouching for the model that judges
    # them is what made the posterior overconfident. Later answers add the stored model's column (settlement.
    # likelihood), which has not seen them either, so the sum continues on the same footing.
    free_posteriors, free_workers = free_fit(counted, fit.workers, prior)
    log_post = leave_one_out_log_posteriors(counted, free_posteriors, free_workers, weight, prior)
    min_answers, max_answers, target = overlap
    answered = counted.answers_per_item()
    gold_answered = [(i, label) for i, label in gold_items if answered[i] > 0]
    calibration = None
    if len(gold_answered) >= min_gold_to_calibrate:
        # Gold is judged on its first answers up to the maximum overlap, where a normal item stops (first_answers),
        # by a fit that never saw its truth (blind_log_posteriors).
        crowd = snap.accounts[snap.counted] != MODEL_ACCOUNT
        keep = first_answers(counted.items, max_answers, crowd)
        gold_post = blind_log_posteriors(counted, prior, weight, keep)
        calibration = fit_calibration(gold_post, [i for i, _ in gold_answered], [label for _, label in gold_answered])
    human = snap.counted & (snap.accounts != MODEL_ACCOUNT)  # overlap counts the crowd's answers only
    n_counted = np.bincount(item_index[human], minlength=n_items)
    posteriors: dict[int, tuple[int, list[float]]] = {}
    decided: dict[int, tuple[ResolutionState, int, float]] = {}
    for item in snap.open_items & set(position):
        i = position[item]
        posteriors[item] = (int(n_counted[i]), [round(float(x), 6) for x in log_post[i]])
        p = np.exp(log_post[i] - log_post[i].max())
        p /= p.sum()
        decision = resolution(p, int(n_counted[i]), min_answers, max_answers, target, calibration)
        if decision.state is not ResolutionState.OPEN:
            decided[item] = (decision.state, decision.label, decision.confidence)
    relabelled = {}
    for item, current in snap.settled.items():
        if item not in position:
            continue
        if current is None:
            redecided = _redecide(log_post[position[item]], target, calibration)
            if redecided is not None:
                relabelled[item] = redecided
            continue
        row = fit.posteriors[position[item]]
        label = int(np.argmax(row))
        confidence = float(row.max()) if calibration is None else calibration.confidence(log_post[position[item]])
        if snap.choices[label] != current:
            relabelled[item] = (label, confidence)
    return RefitResult(workers, posteriors, decided, relabelled, calibration)


def _redecide(log_posterior: FloatArray, target: float, calibration: Calibration | None) -> tuple[int, float] | None:
    """An ambiguous item's label once the refit's models make it confident, else None (it stays ambiguous).

    The leave-one-out posterior, not the gold-pinned fit's, decides: it is what open items resolve on, it weighs
    each answer by its worker's spam weight (a suspended player's answers count for nothing), and it is the
    footing the calibration was fitted on, so the item must reach the campaign's target as an item resolved
    today would have to.
    """
    p = np.exp(log_posterior - log_posterior.max())
    p /= p.sum()
    label = int(np.argmax(p))
    confidence = float(p[label]) if calibration is None else calibration.confidence(log_posterior)
    return (label, confidence) if confidence >= target else None


def _capped_loss(snap: Snapshot, account_ids: IntArray, signals: SpamSignals, per_day: float) -> FloatArray:
    """The new spam weights, each falling by at most `per_day` per day since the player's last refit.

    A few unlucky answers swing a short record's signals a long way; suspension, which needs evidence, is not
    capped, but the soft penalty cannot take away in one bad hour what a player built over days.
    """
    weight = signals.weight.copy()
    for w, account in enumerate(account_ids):
        before = snap.previous.get(int(account))
        if before is not None and not before[1]:
            weight[w] = max(weight[w], before[0] - per_day * max(before[2], 0.0))
    return np.clip(weight, 0.0, 1.0)


def _warm_start(snap: Snapshot, account_ids: IntArray, prior: WorkerPrior) -> WorkerModels | None:
    """Stored models for known players, the prior's for new ones; None (start from the vote) when none is stored."""
    k = len(snap.choices)
    stored = [snap.stored.get(int(a)) for a in account_ids]
    if not any(c is not None and np.shape(c) == (k, k) for c in stored):
        return None
    fresh = prior.confusion(k)
    confusion = np.stack(
        [np.asarray(c, dtype=np.float64) if c is not None and np.shape(c) == (k, k) else fresh for c in stored]
    )
    return WorkerModels(confusion, np.full(k, 1.0 / k))


def _signals(snap: Snapshot, every: Answers, posteriors: FloatArray, gold: Gold, t: SpamThresholds) -> SpamSignals:
    # Answers too fast to count are still behaviour: they are judged here, once the player has given enough
    # answers for one early slip not to suspend them.
    per_worker = every.answers_per_worker()
    seconds = np.where(per_worker[every.workers] >= t.min_answers, snap.seconds, np.inf)
    return spam_signals(every, posteriors, seconds, gold, t)


def _reason(s: SpamSignals, w: int, t: SpamThresholds) -> str:
    if not s.suspended[w]:
        return ""
    if s.fast_share[w] > t.max_fast_share:
        return f"{s.fast_share[w]:.0%} of answers faster than {t.min_seconds:g} s"
    if s.n_gold[w] >= t.min_gold and s.gold_failure[w] > t.max_gold_failure:
        return f"{s.gold_failure[w]:.0%} of {s.n_gold[w]} known-answer checks failed"
    if s.constant_share[w] >= t.max_constant_share and s.constant_excess[w] >= t.constant_excess:
        return f"the same answer {s.constant_share[w]:.0%} of the time"
    return f"agreement with consensus near chance (informativeness {s.informativeness[w]:.2f})"
