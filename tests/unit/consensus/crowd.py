"""A small generated crowd for the consensus tests."""

from __future__ import annotations

import numpy as np

from core.consensus import Answers


def generated_crowd(
    seed: int,
    n_items: int = 60,
    n_workers: int = 12,
    n_classes: int = 3,
    per_item: int = 5,
    accuracy: tuple[float, float] = (0.55, 0.9),
) -> tuple[Answers, np.ndarray]:
    """Answers from workers of random accuracy (errors uniform over other classes), and the truth."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, n_classes, n_items)
    acc = rng.uniform(*accuracy, n_workers)
    # Each item is answered by `per_item` distinct workers.
    workers = np.argsort(rng.random((n_items, n_workers)), axis=1)[:, :per_item].ravel()
    items = np.repeat(np.arange(n_items), per_item)
    wrong = (truth[items] + rng.integers(1, max(n_classes, 2), items.size)) % n_classes
    labels = np.where(rng.random(items.size) < acc[workers], truth[items], wrong)
    answers = Answers.from_arrays(items, workers, labels, n_items, n_workers, n_classes)
    return answers, truth
