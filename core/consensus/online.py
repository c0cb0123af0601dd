"""Item posteriors updated answer by answer from fixed worker models.

An item's log-posterior is its log class prior plus, per answer, one column of its worker's log confusion
matrix. Keeping that running sum per item makes one answer O(K): a row lookup and an add. The scheduled
refit learns new worker models; `OnlinePosteriors.from_answers` then rebuilds the sums in one vectorised
pass, including answers that arrived while the refit ran.
"""

from __future__ import annotations

import numpy as np

from core.consensus.answers import Answers, FloatArray, IntArray
from core.consensus.gold import Gold
from core.consensus.models import WorkerModels, WorkerPrior


class OnlinePosteriors:
    """Running log-posteriors for items; `add` one answer, read `posterior(item)`.

    Workers the models do not know (index past `models.n_workers`) are judged by `prior`'s confusion
    matrix until the next refit learns theirs. Items past the current capacity are added on demand.
    """

    def __init__(self, models: WorkerModels, n_items: int, prior: WorkerPrior | None = None) -> None:
        k = models.n_classes
        self._k = k
        self._n_workers = models.n_workers
        # Row w*K + l = log P(worker w answers l | true class) for every true class: one contiguous row.
        self._rows = np.ascontiguousarray(models.log_table().T)
        fresh = (prior or WorkerPrior()).confusion(k)
        self._fresh_rows = np.ascontiguousarray(np.log(fresh).T)  # row l, for unknown workers
        self._log_prior = np.log(np.maximum(models.class_prior, 1e-300))
        self._log_post = np.tile(self._log_prior, (max(n_items, 1), 1))
        self._counts = np.zeros(max(n_items, 1), dtype=np.int64)
        self._gold = np.full(max(n_items, 1), -1, dtype=np.int64)

    @classmethod
    def from_answers(
        cls,
        models: WorkerModels,
        answers: Answers,
        gold: Gold | None = None,
        prior: WorkerPrior | None = None,
    ) -> OnlinePosteriors:
        """The state after adding every answer, built in one vectorised pass (the batch form)."""
        online = cls(models, answers.n_items, prior)
        online.add_many(answers.items, answers.workers, answers.labels)
        if gold is not None and gold.items.size:
            online._ensure(int(gold.items.max()) + 1)
            online._gold[gold.items] = gold.labels
        return online

    @property
    def n_items(self) -> int:
        """Current capacity in items."""
        return int(self._counts.shape[0])

    def _ensure(self, n_items: int) -> None:
        """Grow the per-item arrays (doubling, so growth is amortised O(1) per item)."""
        if n_items <= self.n_items:
            return
        size = max(n_items, 2 * self.n_items)
        extra = size - self.n_items
        self._log_post = np.concatenate([self._log_post, np.tile(self._log_prior, (extra, 1))])
        self._counts = np.concatenate([self._counts, np.zeros(extra, dtype=np.int64)])
        self._gold = np.concatenate([self._gold, np.full(extra, -1, dtype=np.int64)])

    def add(self, item: int, worker: int, label: int) -> None:
        """Take one answer into account: O(K)."""
        if item >= self._counts.shape[0]:
            self._ensure(item + 1)
        if not 0 <= label < self._k:
            raise ValueError(f"label {label} is not in [0, {self._k})")
        if 0 <= worker < self._n_workers:
            self._log_post[item] += self._rows[worker * self._k + label]
        else:
            self._log_post[item] += self._fresh_rows[label]
        self._counts[item] += 1

    def add_many(self, items: IntArray, workers: IntArray, labels: IntArray) -> None:
        """Vectorised `add` for many answers at once (same result as adding them one by one)."""
        batch = Answers.from_arrays(items, workers, labels, n_classes=self._k)
        self._ensure(batch.n_items)
        # Unknown workers read from the prior's rows, appended after the known workers' rows.
        table = np.concatenate([self._rows, self._fresh_rows])
        known = batch.workers < self._n_workers
        rows = np.where(known, batch.workers * self._k, self._rows.shape[0]) + batch.labels
        gathered = table[rows]
        n = self.n_items
        for k in range(self._k):  # a loop over classes; bincount does the per-item sums
            self._log_post[:, k] += np.bincount(batch.items, weights=gathered[:, k], minlength=n)
        self._counts += np.bincount(batch.items, minlength=n)

    def pin(self, item: int, label: int) -> None:
        """Mark `item` as gold with a known `label`: its posterior is that label's one-hot from now on."""
        self._ensure(item + 1)
        self._gold[item] = label

    def n_answers(self, item: int) -> int:
        """How many answers `item` has received."""
        return int(self._counts[item]) if item < self.n_items else 0

    def posterior(self, item: int) -> FloatArray:
        """P(true class | answers so far) for one item, shape (K,)."""
        if item >= self.n_items:
            return np.exp(self._log_prior)
        if self._gold[item] >= 0:
            out = np.zeros(self._k)
            out[self._gold[item]] = 1.0
            return out
        row = self._log_post[item]
        p = np.exp(row - row.max())
        return p / p.sum()

    def posteriors(self) -> FloatArray:
        """All items' posteriors, shape (n_items, K)."""
        p = np.exp(self._log_post - self._log_post.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        gold = np.flatnonzero(self._gold >= 0)
        p[gold] = 0.0
        p[gold, self._gold[gold]] = 1.0
        return p

    def answer_counts(self) -> IntArray:
        """How many answers each item has received, shape (n_items,)."""
        return self._counts.copy()
