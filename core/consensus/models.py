"""What a fit learns about workers and what it concludes about items."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.consensus.answers import FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class WorkerPrior:
    """What we believe about a worker before their answers are counted: Dirichlet pseudo-counts.

    `correct` / `wrong` are pseudo-answers per row of a confusion matrix (on and off the diagonal); their
    normalised value is the model of a worker no fit has seen yet (online updates, warm starts).
    `strength` scales how many of those pseudo-answers smooth every worker's counts at each M-step.
    The default 0 is plain maximum likelihood with a floor, which was the most accurate setting on the
    public benchmark datasets (a smoothed matrix weakens the veto of answers a worker never gives);
    raise it when most workers answer only a handful of items. `class_strength` smooths the class prior.
    """

    correct: float = 2.0
    wrong: float = 1.0
    strength: float = 0.0
    class_strength: float = 1.0

    def pseudo_counts(self, n_classes: int) -> FloatArray:
        """(K, K) pseudo-counts, rows = true class, columns = answered label."""
        counts = np.full((n_classes, n_classes), self.wrong, dtype=np.float64)
        np.fill_diagonal(counts, self.correct)
        return counts

    def smoothing_counts(self, n_classes: int) -> FloatArray:
        """The pseudo-counts added to each worker's observed counts at every M-step."""
        return self.strength * self.pseudo_counts(n_classes)

    def confusion(self, n_classes: int) -> FloatArray:
        """The expected confusion matrix of a worker with no history."""
        counts = self.pseudo_counts(n_classes)
        return counts / counts.sum(axis=1, keepdims=True)


@dataclass(frozen=True, slots=True)
class WorkerModels:
    """Per-worker confusion matrices and the class prior.

    `confusion[w, t, l]` is the probability that worker `w` answers `l` when the true class is `t`;
    each `confusion[w, t]` sums to 1.
    """

    confusion: FloatArray  # (n_workers, K, K)
    class_prior: FloatArray  # (K,)

    @property
    def n_workers(self) -> int:
        """Number of workers modelled."""
        return int(self.confusion.shape[0])

    @property
    def n_classes(self) -> int:
        """Number of classes."""
        return int(self.class_prior.shape[0])

    def accuracy(self) -> FloatArray:
        """Each worker's probability of answering correctly on an item drawn from the class prior."""
        diagonal = np.diagonal(self.confusion, axis1=1, axis2=2)
        return diagonal @ self.class_prior

    def log_table(self, floor: float = 1e-10) -> FloatArray:
        """log P(cell | true class) as (K, n_workers * K), the layout the E-step gathers from.

        Column `w * K + l` holds worker `w` answering `l`; the floor keeps a never-seen answer from
        vetoing a class outright.
        """
        k = self.n_classes
        table = self.confusion.transpose(1, 0, 2).reshape(k, self.n_workers * k)
        return np.log(np.maximum(table, floor))

    def extended(self, n_workers: int, prior: WorkerPrior) -> WorkerModels:
        """The same models for `n_workers` workers; workers beyond the known ones get the prior's model."""
        if n_workers <= self.n_workers:
            return WorkerModels(self.confusion[:n_workers], self.class_prior)
        shape = (n_workers - self.n_workers, self.n_classes, self.n_classes)
        fresh = np.broadcast_to(prior.confusion(self.n_classes), shape)
        return WorkerModels(np.concatenate([self.confusion, fresh]), self.class_prior)


@dataclass(frozen=True, slots=True)
class ConsensusFit:
    """The result of a truth-inference method."""

    posteriors: FloatArray  # (n_items, K); rows of unanswered items hold the class prior
    workers: WorkerModels | None  # None for the voting methods, which learn no worker model
    n_iter: int = 0
    converged: bool = True
    log_likelihood: float = float("nan")

    def labels(self) -> IntArray:
        """The most probable label of each item; ties go to the lowest class index."""
        return np.argmax(self.posteriors, axis=1).astype(np.int64)

    def confidence(self) -> FloatArray:
        """The posterior probability of each item's most probable label."""
        return np.max(self.posteriors, axis=1)
