"""What one run of the campaign's model does, as pure data: retrain when the settled items have grown enough,
then predict the open items no prediction of the current version covers yet."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.assist import features
from core.assist.model import MIN_TRAIN, Features, Kind, from_bytes, to_bytes, train

RETRAIN_GROWTH = 1.25  # a new version once the settled and gold items have grown by a quarter since the last
MAX_PREDICT = 5_000  # open items predicted per run: the rest wait for the next run


@dataclass(frozen=True)
class Content:
    """What the model reads of one item."""

    item_id: int
    text: str
    image: Path | None


@dataclass(frozen=True)
class AssistSnapshot:
    kind: Kind
    n_choices: int
    version: int  # the stored model's (0: none yet)
    weights: bytes | None
    trained_on: int
    examples: tuple[Content, ...]  # settled non-gold items and gold, oldest first
    labels: tuple[int, ...]  # their settled (or known) choice index
    open_items: tuple[Content, ...]  # open non-gold items
    predicted: frozenset[int]  # open items the stored version has predicted already


@dataclass(frozen=True)
class Plan:
    version: int
    weights: bytes | None  # a new version's, to store; None: the stored one was kept
    trained_on: int
    predictions: tuple[tuple[int, int, float], ...]  # (item id, choice index, probability)


def plan(snap: AssistSnapshot) -> Plan:
    """Train (when due) and predict. CPU-bound: the use case runs it on a worker thread, no transaction open."""
    model = from_bytes(snap.weights) if snap.weights else None
    version, weights, trained_on = snap.version, None, snap.trained_on
    due = len(snap.labels) >= max(MIN_TRAIN, snap.trained_on * RETRAIN_GROWTH) or model is None
    if due and len(snap.labels) > snap.trained_on:
        fresh = train(snap.kind, _features(snap.kind, snap.examples), np.asarray(snap.labels), snap.n_choices)
        if fresh is not None:
            model, version, weights, trained_on = fresh, version + 1, to_bytes(fresh), len(snap.labels)
    if model is None:
        return Plan(version, None, trained_on, ())
    todo = [c for c in snap.open_items if weights is not None or c.item_id not in snap.predicted][:MAX_PREDICT]
    if not todo:
        return Plan(version, weights, trained_on, ())
    p = model.probabilities(_features(snap.kind, todo))
    best = np.argmax(p, axis=1)
    predictions = tuple(
        (c.item_id, int(b), round(float(p[i, b]), 6)) for i, (c, b) in enumerate(zip(todo, best, strict=True))
    )
    return Plan(version, weights, trained_on, predictions)


def _features(kind: Kind, items: tuple[Content, ...] | list[Content]) -> Features:
    if kind == "image":
        return features.image_features([c.image for c in items])
    return features.text_features([c.text for c in items])
