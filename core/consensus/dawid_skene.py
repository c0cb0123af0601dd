"""Full Dawid-Skene: one confusion matrix per worker, smoothed by a Dirichlet prior."""

from __future__ import annotations

import numpy as np

from core.consensus.answers import Answers, FloatArray
from core.consensus.em import EMSettings, class_prior, fit_em
from core.consensus.gold import Gold
from core.consensus.models import ConsensusFit, WorkerModels, WorkerPrior

DEFAULT_PRIOR = WorkerPrior()


def confusion_m_step(counts: FloatArray, class_mass: FloatArray, n_workers: int, prior: WorkerPrior) -> WorkerModels:
    """Per-worker confusion matrices from posterior mass per (true class, cell), plus pseudo-counts."""
    k = class_mass.shape[0]
    confusion = counts.reshape(k, n_workers, k).transpose(1, 0, 2) + prior.smoothing_counts(k)
    # A floor, not smoothing: keeps rows finite when a worker has no mass on some true class, while an
    # answer the worker never gives for a class still counts as strong evidence against that class.
    np.maximum(confusion, 1e-10, out=confusion)
    confusion /= confusion.sum(axis=2, keepdims=True)
    return WorkerModels(confusion, class_prior(class_mass, prior))


def dawid_skene(
    answers: Answers,
    *,
    prior: WorkerPrior = DEFAULT_PRIOR,
    gold: Gold | None = None,
    warm_start: WorkerModels | None = None,
    init: FloatArray | None = None,
    settings: EMSettings = EMSettings(),  # noqa: B008 - frozen
) -> ConsensusFit:
    """Fit full Dawid-Skene by EM; returns posteriors (n_items, K) and each worker's confusion matrix.

    `warm_start` are the models of a previous fit (workers beyond it start from `prior`); `init` are
    initial posteriors (default: majority vote); `gold` pins known items every iteration.
    """

    def m_step(counts: FloatArray, class_mass: FloatArray) -> WorkerModels:
        return confusion_m_step(counts, class_mass, answers.n_workers, prior)

    return fit_em(answers, m_step, prior, gold, warm_start, init, settings)
