"""The campaign's model on its own: it learns separable texts and pictures, and is stored as arrays only."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from core.assist import features
from core.assist.model import from_bytes, to_bytes, train
from core.assist.predictions import confident
from core.assist.training import AssistSnapshot, Content, plan


def texts(n: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Class 0 talks about weather, class 1 about money; shared filler words in both."""
    rng = np.random.default_rng(seed)
    topics = (["rain", "cloud", "sunny", "storm", "wind"], ["price", "bank", "coins", "market", "loan"])
    filler = ["the", "a", "today", "really", "very", "was"]
    labels = rng.integers(0, 2, n)
    out = [" ".join(rng.choice(topics[y] + filler, 8)) for y in labels]
    return out, labels


def test_a_text_model_learns_separable_texts_and_survives_its_stored_form() -> None:
    train_texts, train_labels = texts(200)
    model = train("text", features.text_features(train_texts), train_labels, 2)
    assert model is not None
    test_texts, test_labels = texts(100, seed=1)
    rows = features.text_features(test_texts)
    p = model.probabilities(rows)
    assert np.mean(np.argmax(p, axis=1) == test_labels) > 0.9
    assert np.allclose(p.sum(axis=1), 1.0)
    again = from_bytes(to_bytes(model))
    assert np.allclose(again.probabilities(rows), p, atol=1e-4)


def test_an_image_model_learns_colours_and_shapes() -> None:
    rng = np.random.default_rng(2)
    paths, labels = [], []
    for i in range(60):
        label = i % 3
        colour = [(200, 30, 30), (30, 200, 30), (30, 30, 200)][label]
        pixels = np.clip(np.array(colour) + rng.normal(0, 25, (24, 24, 3)), 0, 255).astype(np.uint8)
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="PNG")
        paths.append(buffer)
        labels.append(label)
    rows = np.vstack([features.image_features([p]) for p in paths])  # type: ignore[list-item]
    assert rows.shape == (60, features.IMAGE_COLUMNS)
    model = train("image", rows[:45], np.array(labels[:45]), 4)  # class 3 never seen: probability 0
    assert model is not None
    p = model.probabilities(rows[45:])
    assert np.all(p[:, 3] == 0.0)
    assert np.mean(np.argmax(p, axis=1) == labels[45:]) == 1.0


def test_a_missing_picture_is_a_row_of_zeros() -> None:
    assert not features.image_features([None]).any()


def test_a_stored_model_that_holds_objects_is_refused() -> None:
    buffer = io.BytesIO()
    fields = {"n_choices": np.array(2), "classes": np.arange(2), "intercept": np.zeros(1), "scale": np.ones(3)}
    np.savez(buffer, kind=np.array("text"), coef=np.array([object()], dtype=object), shift=np.zeros(0), **fields)
    with pytest.raises(ValueError):
        from_bytes(buffer.getvalue())


def test_too_little_or_a_single_class_trains_nothing() -> None:
    few, labels = texts(10)
    assert train("text", features.text_features(few), labels, 2) is None
    many, _ = texts(50)
    assert train("text", features.text_features(many), np.zeros(50, dtype=np.int64), 2) is None


def test_only_sure_predictions_become_answers() -> None:
    p = np.array([[0.9, 0.1], [0.55, 0.45], [0.2, 0.8]])
    assert list(confident(p, 0.8)) == [(0, 0), (2, 1)]


def test_a_run_retrains_only_when_the_settled_items_have_grown_and_predicts_each_item_once_per_version() -> None:
    words, labels = texts(80)
    examples = tuple(Content(i, t, None) for i, t in enumerate(words[:60]))
    open_items = tuple(Content(100 + i, t, None) for i, t in enumerate(words[60:]))
    first = plan(AssistSnapshot("text", 2, 0, None, 0, examples, tuple(labels[:60].tolist()), open_items, frozenset()))
    assert first.version == 1 and first.weights is not None and first.trained_on == 60
    assert [item for item, _, _ in first.predictions] == [c.item_id for c in open_items]
    # Ten more settled items (less than a quarter more): the stored version predicts only what it has not yet.
    seen = frozenset(c.item_id for c in open_items[:15])
    grown = examples + tuple(Content(200 + i, t, None) for i, t in enumerate(words[:10]))
    again = plan(
        AssistSnapshot(
            "text", 2, 1, first.weights, 60, grown, tuple(labels[:60].tolist() + labels[:10].tolist()), open_items, seen
        )
    )
    assert again.version == 1 and again.weights is None
    assert [item for item, _, _ in again.predictions] == [c.item_id for c in open_items[15:]]


def test_an_archive_missing_a_field_is_refused() -> None:
    buffer = io.BytesIO()
    np.savez(buffer, kind=np.array("text"))
    with pytest.raises(ValueError):
        from_bytes(buffer.getvalue())
