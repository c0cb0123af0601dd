"""The input of every truth-inference method: answers as three aligned integer arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Answers:
    """Answer `i` says worker `workers[i]` gave label `labels[i]` to item `items[i]` (all 0-based)."""

    items: IntArray
    workers: IntArray
    labels: IntArray
    n_items: int
    n_workers: int
    n_classes: int

    @classmethod
    def from_arrays(
        cls,
        items: ArrayLike,
        workers: ArrayLike,
        labels: ArrayLike,
        n_items: int | None = None,
        n_workers: int | None = None,
        n_classes: int | None = None,
    ) -> Answers:
        """Validate and wrap the arrays; sizes default to one past the largest index seen."""
        it = np.ascontiguousarray(items, dtype=np.int64).ravel()
        wo = np.ascontiguousarray(workers, dtype=np.int64).ravel()
        la = np.ascontiguousarray(labels, dtype=np.int64).ravel()
        if not (it.size == wo.size == la.size):
            raise ValueError("items, workers and labels must have the same length")
        sizes = []
        for name, arr, given in (("items", it, n_items), ("workers", wo, n_workers), ("labels", la, n_classes)):
            seen = int(arr.max()) + 1 if arr.size else 0
            size = seen if given is None else int(given)
            if arr.size and (int(arr.min()) < 0 or seen > size):
                raise ValueError(f"{name} indices must lie in [0, {size})")
            sizes.append(size)
        return cls(it, wo, la, sizes[0], sizes[1], max(sizes[2], 1))

    @property
    def n_answers(self) -> int:
        """How many answers there are."""
        return int(self.items.size)

    def answers_per_item(self) -> IntArray:
        """Number of answers each item received."""
        return np.bincount(self.items, minlength=self.n_items).astype(np.int64)

    def answers_per_worker(self) -> IntArray:
        """Number of answers each worker gave."""
        return np.bincount(self.workers, minlength=self.n_workers).astype(np.int64)
