"""Shared bench helpers: read a dataset folder, and generate a synthetic crowd with a fixed seed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.consensus import Answers


@dataclass(frozen=True)
class Dataset:
    """Answers with their original names, and the truth of answered items as indices."""

    name: str
    answers: Answers
    rows: list[tuple[str, str, str]]  # (item, worker, label) as in answers.csv
    truth: dict[str, str]  # item -> label, answered items only
    truth_items: np.ndarray
    truth_labels: np.ndarray


def load_dataset(folder: Path) -> Dataset:
    """Read answers.csv and truth.csv; labels are indexed in sorted order of their names."""
    with open(folder / "answers.csv", newline="") as f:
        rows = [(r[0], r[1], r[2]) for r in list(csv.reader(f))[1:]]
    with open(folder / "truth.csv", newline="") as f:
        truth_rows = [(r[0], r[1]) for r in list(csv.reader(f))[1:]]
    item_names, items = np.unique([r[0] for r in rows], return_inverse=True)
    _, workers = np.unique([r[1] for r in rows], return_inverse=True)
    label_names = sorted({r[2] for r in rows} | {t[1] for t in truth_rows})
    label_index = {name: i for i, name in enumerate(label_names)}
    item_index = {name: i for i, name in enumerate(item_names.tolist())}
    truth = {i: lab for i, lab in truth_rows if i in item_index}
    answers = Answers.from_arrays(items, workers, [label_index[r[2]] for r in rows], n_classes=len(label_names))
    truth_items = np.array([item_index[i] for i in truth], dtype=np.int64)
    truth_labels = np.array([label_index[lab] for lab in truth.values()], dtype=np.int64)
    return Dataset(folder.name, answers, rows, truth, truth_items, truth_labels)


@dataclass(frozen=True)
class SyntheticCrowd:
    """A generated campaign: answers, the truth of every item, and each worker's kind."""

    answers: Answers
    truth: np.ndarray
    kinds: np.ndarray  # 0 honest, 1 spammer, 2 colluder


def synthetic_crowd(
    n_answers: int = 1_000_000,
    n_items: int = 100_000,
    n_workers: int = 20_000,
    spammers: float = 0.20,
    colluders: float = 0.05,
    seed: int = 7,
) -> SyntheticCrowd:
    """Items with 2-5 choices (in a shared label space of 5); honest workers of accuracy 0.6-0.95,
    spammers answering uniformly among the item's choices, colluders all giving the same wrong choice."""
    rng = np.random.default_rng(seed)
    choices = rng.integers(2, 6, n_items)
    truth = (rng.random(n_items) * choices).astype(np.int64)
    kinds = rng.choice(3, n_workers, p=[1 - spammers - colluders, spammers, colluders])
    accuracy = rng.uniform(0.6, 0.95, n_workers)
    items = np.repeat(np.arange(n_items), n_answers // n_items)
    items = np.concatenate([items, rng.integers(0, n_items, n_answers - items.size)])
    workers = rng.integers(0, n_workers, n_answers)
    c, t, kind = choices[items], truth[items], kinds[workers]
    # An honest error is uniform over the item's other choices.
    wrong = (t + 1 + (rng.random(n_answers) * (c - 1)).astype(np.int64)) % c
    honest = np.where(rng.random(n_answers) < accuracy[workers], t, wrong)
    spam = (rng.random(n_answers) * c).astype(np.int64)
    collude = (t + 1) % c  # every colluder agrees on the same wrong choice
    labels = np.select([kind == 0, kind == 1], [honest, spam], collude)
    answers = Answers.from_arrays(items, workers, labels, n_items=n_items, n_workers=n_workers, n_classes=5)
    return SyntheticCrowd(answers, truth, kinds)
