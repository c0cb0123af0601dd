"""The expectation-maximisation loop shared by the Dawid-Skene variants.

Internally posteriors are kept transposed, (K, n_items), so that each class row is contiguous for the
per-class gathers in `grouping`; the public results are (n_items, K).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.consensus.answers import Answers, FloatArray
from core.consensus.gold import Gold, pin, pin_transposed
from core.consensus.grouping import AnswerGroups, group_answers, sum_posteriors_by_cell, sum_table_by_item
from core.consensus.models import ConsensusFit, WorkerModels, WorkerPrior
from core.consensus.voting import vote_posteriors

# counts (K, n_workers * K) of posterior mass per (true class, cell), class mass (K,) -> new models
MStep = Callable[[FloatArray, FloatArray], WorkerModels]


@dataclass(frozen=True, slots=True)
class EMSettings:
    """How long to iterate: stop when the log-likelihood per answer changes by less than `tol`.

    1e-4 per answer stops once labels have settled; iterating to a tighter optimum let sparse workers'
    matrices overfit and lost accuracy on the public benchmark datasets.
    """

    max_iter: int = 100
    tol: float = 1e-4


def class_prior(class_mass: FloatArray, prior: WorkerPrior) -> FloatArray:
    """Smoothed class frequencies; the smoothing keeps a rare class from being ruled out for good."""
    smoothed = class_mass + prior.class_strength
    return smoothed / smoothed.sum()


def e_step(groups: AnswerGroups, models: WorkerModels, gold: Gold | None) -> tuple[FloatArray, float]:
    """Posteriors (K, n_items) given the worker models, and the data's log-likelihood under them."""
    log_joint = sum_table_by_item(groups, models.log_table())
    log_joint += np.log(np.maximum(models.class_prior, 1e-300))[:, None]
    # Shift each item by its best class before exponentiating so no item underflows to all zeros.
    shift = log_joint.max(axis=0)
    posteriors_t = np.exp(log_joint - shift)
    norm = posteriors_t.sum(axis=0)
    posteriors_t /= norm
    answered = groups.answered_items
    log_likelihood = float(np.sum(shift[answered] + np.log(norm[answered])))
    return pin_transposed(posteriors_t, gold), log_likelihood


def m_step_inputs(groups: AnswerGroups, posteriors_t: FloatArray) -> tuple[FloatArray, FloatArray]:
    """The sufficient statistics: posterior mass per (class, cell) and per class over answered items."""
    counts = sum_posteriors_by_cell(groups, posteriors_t)
    class_mass = posteriors_t[:, groups.answered_items].sum(axis=1)
    return counts, class_mass


def fit_em(
    answers: Answers,
    m_step: MStep,
    prior: WorkerPrior,
    gold: Gold | None = None,
    warm_start: WorkerModels | None = None,
    init: FloatArray | None = None,
    settings: EMSettings = EMSettings(),
) -> ConsensusFit:
    """Run EM from a warm start (previous worker models) or from initial posteriors (default: votes).

    A warm start begins with an E-step, so the old models judge the new answers first; otherwise the
    first M-step learns models from the vote, which is what makes Dawid-Skene land on the sensible
    optimum rather than a label-swapped one.
    """
    groups = group_answers(answers)
    if warm_start is not None:
        if warm_start.n_classes != answers.n_classes:
            raise ValueError("warm start has a different number of classes")
        models = warm_start.extended(answers.n_workers, prior)
    else:
        start = vote_posteriors(answers) if init is None else np.array(init, dtype=np.float64)
        posteriors_t = np.ascontiguousarray(pin(start, gold).T)
        models = m_step(*m_step_inputs(groups, posteriors_t))
    previous = -np.inf
    converged = False
    n_iter = 0
    posteriors_t = np.empty((answers.n_classes, answers.n_items))
    log_likelihood = float("nan")
    for n_iter in range(1, settings.max_iter + 1):  # noqa: B007 - n_iter is reported
        posteriors_t, log_likelihood = e_step(groups, models, gold)
        models = m_step(*m_step_inputs(groups, posteriors_t))
        if abs(log_likelihood - previous) <= settings.tol * max(answers.n_answers, 1):
            converged = True
            break
        previous = log_likelihood
    return ConsensusFit(np.ascontiguousarray(posteriors_t.T), models, n_iter, converged, log_likelihood)
