"""Gold items: items whose true label is known; their posteriors are pinned to it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from core.consensus.answers import FloatArray, IntArray


@dataclass(frozen=True, slots=True)
class Gold:
    """Known labels: `labels[i]` is the true label of item `items[i]`."""

    items: IntArray
    labels: IntArray

    @classmethod
    def from_arrays(cls, items: ArrayLike, labels: ArrayLike) -> Gold:
        """Wrap two aligned integer arrays."""
        it = np.asarray(items, dtype=np.int64).ravel()
        la = np.asarray(labels, dtype=np.int64).ravel()
        if it.size != la.size:
            raise ValueError("gold items and labels must have the same length")
        return cls(it, la)

    @classmethod
    def none(cls) -> Gold:
        """No gold at all."""
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))


def pin(posteriors: FloatArray, gold: Gold | None) -> FloatArray:
    """Set gold items' posterior rows to the one-hot of their known label, in place; returns the array.

    Pinning inside every EM iteration (not only at the end) is what makes gold useful: workers are then
    scored against known answers as well as against the consensus.
    """
    if gold is not None and gold.items.size:
        posteriors[gold.items] = 0.0
        posteriors[gold.items, gold.labels] = 1.0
    return posteriors


def pin_transposed(posteriors_t: FloatArray, gold: Gold | None) -> FloatArray:
    """`pin` for a (K, n_items) posterior, the layout the EM loop works in."""
    if gold is not None and gold.items.size:
        posteriors_t[:, gold.items] = 0.0
        posteriors_t[gold.labels, gold.items] = 1.0
    return posteriors_t
