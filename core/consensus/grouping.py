"""Answers ordered by item and by (worker, label) cell, so that per-group sums are contiguous reductions.

Every EM step is "gather one row per answer, then sum per group". Sorting the answers once per fit and
using `np.add.reduceat` over the sorted runs is several times faster than `np.add.at`, and keeps the
whole fit free of Python loops over answers, items or workers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from core.consensus.answers import Answers, FloatArray, IntArray

# Gather indices: 32-bit when the sizes allow it, 64-bit otherwise.
IndexArray = NDArray[np.signedinteger[Any]]


@dataclass(frozen=True, slots=True)
class Runs:
    """Where each present key's run starts once the answers are sorted by that key."""

    keys: IntArray  # distinct keys that have at least one answer, ascending
    starts: IntArray  # start of each key's run in the sorted order
    size: int  # number of possible keys (the dense output length)

    def sum(self, sorted_values: FloatArray) -> FloatArray:
        """Sum 1-D values already in sorted order per key; keys without answers get 0."""
        out = np.zeros(self.size, dtype=np.float64)
        if self.keys.size:
            out[self.keys] = np.add.reduceat(sorted_values, self.starts)
        return out


def runs_of(sorted_keys: IndexArray, size: int) -> Runs:
    """Describe the runs of equal values in an ascending key array."""
    if sorted_keys.size == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Runs(empty, empty, size)
    boundary = np.empty(sorted_keys.size, dtype=bool)
    boundary[0] = True
    np.not_equal(sorted_keys[1:], sorted_keys[:-1], out=boundary[1:])
    starts = np.flatnonzero(boundary)
    return Runs(sorted_keys[starts].astype(np.int64), starts, size)


@dataclass(frozen=True, slots=True)
class AnswerGroups:
    """The two orders an EM fit needs, computed once per fit.

    A *cell* is `worker * n_classes + label`: one (worker, answered label) pair, i.e. one column of the
    internal confusion table of shape (n_classes, n_workers * n_classes).
    """

    n_classes: int
    cells_by_item: IndexArray  # each answer's cell, answers sorted by item
    items: Runs  # runs of items in that order
    items_by_cell: IndexArray  # each answer's item, answers sorted by cell
    cells: Runs  # runs of cells in that order

    @property
    def answered_items(self) -> IntArray:
        """Items with at least one answer."""
        return self.items.keys


def group_answers(answers: Answers) -> AnswerGroups:
    """Sort the answers by item and by cell (an unstable sort is fine: only sums are taken)."""
    k = answers.n_classes
    n_cells = answers.n_workers * k
    # 32-bit indices halve the memory traffic of every gather when the sizes allow it.
    index_type: type[np.signedinteger[Any]] = np.int32 if max(n_cells, answers.n_items) < 2**31 else np.int64
    cells = (answers.workers * np.int64(k) + answers.labels).astype(index_type)
    items = answers.items.astype(index_type)
    by_item = np.argsort(items)
    by_cell = np.argsort(cells)
    item_runs = runs_of(items[by_item], answers.n_items)
    cell_runs = runs_of(cells[by_cell], n_cells)
    return AnswerGroups(k, cells[by_item], item_runs, items[by_cell], cell_runs)


def sum_table_by_item(groups: AnswerGroups, table: FloatArray) -> FloatArray:
    """For each item and true class t, the sum over its answers of `table[t, cell]`: shape (K, n_items)."""
    return np.stack([groups.items.sum(np.take(row, groups.cells_by_item)) for row in table])


def sum_posteriors_by_cell(groups: AnswerGroups, posteriors_t: FloatArray) -> FloatArray:
    """For each cell and true class t, the posterior mass of t over the cell's answers: (K, n_cells).

    `posteriors_t` is the (K, n_items) transposed posterior, so each class row is contiguous.
    """
    return np.stack([groups.cells.sum(np.take(row, groups.items_by_cell)) for row in posteriors_t])
