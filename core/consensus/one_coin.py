"""One-coin Dawid-Skene: each worker has a single accuracy, errors spread evenly over the other classes.

It has K*K times fewer parameters per worker than the full model, so it is the better choice when most
workers answer only a handful of items.
"""

from __future__ import annotations

import numpy as np

from core.consensus.answers import Answers, FloatArray
from core.consensus.em import EMSettings, class_prior, fit_em
from core.consensus.gold import Gold
from core.consensus.models import ConsensusFit, WorkerModels, WorkerPrior

DEFAULT_PRIOR = WorkerPrior()


def one_coin_confusion(accuracy: FloatArray, n_classes: int) -> FloatArray:
    """(n_workers, K, K) confusion matrices with `accuracy` on the diagonal and the rest spread evenly."""
    wrong = (1.0 - accuracy) / max(n_classes - 1, 1)
    confusion = np.repeat(wrong[:, None, None], n_classes, axis=1).repeat(n_classes, axis=2)
    idx = np.arange(n_classes)
    confusion[:, idx, idx] = accuracy[:, None]
    return confusion


def accuracy_m_step(counts: FloatArray, class_mass: FloatArray, n_workers: int, prior: WorkerPrior) -> WorkerModels:
    """Each worker's accuracy: posterior mass on the label they gave over their answers, plus pseudo-counts."""
    k = class_mass.shape[0]
    per_worker = counts.reshape(k, n_workers, k)  # [true, worker, label]
    correct = np.einsum("twt->w", per_worker)
    total = per_worker.sum(axis=(0, 2))
    right, wrong = prior.strength * prior.correct, prior.strength * (k - 1) * prior.wrong
    accuracy = (correct + right) / np.maximum(total + right + wrong, 1e-12)
    accuracy = np.clip(accuracy, 1e-6, 1 - 1e-6)
    return WorkerModels(one_coin_confusion(accuracy, k), class_prior(class_mass, prior))


def one_coin_dawid_skene(
    answers: Answers,
    *,
    prior: WorkerPrior = DEFAULT_PRIOR,
    gold: Gold | None = None,
    warm_start: WorkerModels | None = None,
    init: FloatArray | None = None,
    settings: EMSettings = EMSettings(),  # noqa: B008 - frozen
) -> ConsensusFit:
    """Fit one-coin Dawid-Skene by EM; same arguments and result as `dawid_skene`."""

    def m_step(counts: FloatArray, class_mass: FloatArray) -> WorkerModels:
        return accuracy_m_step(counts, class_mass, answers.n_workers, prior)

    return fit_em(answers, m_step, prior, gold, warm_start, init, settings)
