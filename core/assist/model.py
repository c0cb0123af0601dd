"""The campaign's model: a linear classifier over `features`, trained with scikit-learn, kept as plain arrays.

What is stored is numbers only (`to_bytes`: a NumPy archive read back with `allow_pickle=False`), so loading a
model runs no code: the prediction is a matrix product done here, not by an unpickled estimator.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
from scipy import sparse

Kind = Literal["text", "image"]
MAX_TRAIN = 20_000  # the most recent examples only: training time and memory stay bounded in a large campaign
MIN_TRAIN = 20  # fewer settled items than this teach nothing worth a worker row
MAX_ITER = 300
Features: TypeAlias = sparse.csr_matrix | np.ndarray


@dataclass(frozen=True)
class LinearModel:
    """Weights over one campaign's choices; `classes` are the choice indices seen in training."""

    kind: Kind
    n_choices: int
    classes: np.ndarray  # int64, sorted
    coef: np.ndarray  # (1 or len(classes), n_features)
    intercept: np.ndarray
    scale: np.ndarray  # text: inverse document frequency per column; image: 1 / spread per column
    shift: np.ndarray  # image: mean per column (empty for text)

    def probabilities(self, features: Features) -> np.ndarray:
        """P(choice | item) per item, shape (n, n_choices); choices never seen in training get 0."""
        z = np.asarray(_prepared(self, features) @ self.coef.T) + self.intercept
        if len(self.classes) == 2:
            p1 = 1.0 / (1.0 + np.exp(-z[:, 0]))
            seen = np.column_stack([1.0 - p1, p1])
        else:
            z -= z.max(axis=1, keepdims=True)
            seen = np.exp(z)
            seen /= seen.sum(axis=1, keepdims=True)
        out = np.zeros((seen.shape[0], self.n_choices))
        out[:, self.classes] = seen
        return out


def train(kind: Kind, features: Features, labels: np.ndarray, n_choices: int) -> LinearModel | None:
    """Fit on the last MAX_TRAIN rows; None when there is too little to learn (or a single class)."""
    features, labels = features[-MAX_TRAIN:], np.asarray(labels[-MAX_TRAIN:], dtype=np.int64)
    classes = np.unique(labels)
    if len(labels) < MIN_TRAIN or len(classes) < 2:
        return None
    if kind == "text":
        counts = sparse.csr_matrix(features)
        df = np.bincount(counts.indices, minlength=counts.shape[1])
        scale = np.log((1.0 + len(labels)) / (1.0 + df)) + 1.0  # scikit-learn's smoothed idf
        shift = np.zeros(0)
    else:
        dense = np.asarray(features, dtype=np.float64)
        shift = dense.mean(axis=0)
        spread = dense.std(axis=0)
        scale = np.where(spread > 1e-9, 1.0 / np.maximum(spread, 1e-9), 0.0)
    from sklearn.linear_model import LogisticRegression  # loaded only where a model trains (see features)

    empty = LinearModel(kind, n_choices, classes, np.zeros((1, 0)), np.zeros(1), scale, shift)
    fit = LogisticRegression(C=1.0, max_iter=MAX_ITER).fit(_prepared(empty, features), labels)
    return LinearModel(kind, n_choices, classes, fit.coef_.astype(np.float32), fit.intercept_, scale, shift)


def _prepared(model: LinearModel, features: Features) -> Features:
    if model.kind == "text":
        from sklearn.preprocessing import normalize

        weighted = sparse.csr_matrix(features, dtype=np.float64)
        weighted.data = np.log1p(weighted.data)  # sublinear counts: a repeated word is not ten times the evidence
        return normalize(weighted.multiply(model.scale[None, :]).tocsr())
    return (np.asarray(features, dtype=np.float64) - model.shift) * model.scale


def to_bytes(model: LinearModel) -> bytes:
    """The model as a compressed NumPy archive (arrays only)."""
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        kind=np.array(model.kind),
        n_choices=np.array(model.n_choices),
        classes=model.classes,
        coef=model.coef,
        intercept=model.intercept,
        scale=model.scale.astype(np.float32),
        shift=model.shift.astype(np.float32),
    )
    return buffer.getvalue()


def from_bytes(data: bytes) -> LinearModel:
    """Read what `to_bytes` wrote; refuses anything that is not plain arrays."""
    with np.load(io.BytesIO(data), allow_pickle=False) as z:
        missing = {"kind", "n_choices", "classes", "coef", "intercept", "scale", "shift"} - set(z.files)
        kind = str(z["kind"]) if "kind" in z.files else ""
        if missing or kind not in ("text", "image"):
            raise ValueError("not a model archive")
        return LinearModel(
            "text" if kind == "text" else "image",
            int(z["n_choices"]),
            z["classes"].astype(np.int64),
            z["coef"],
            z["intercept"],
            z["scale"].astype(np.float64),
            z["shift"].astype(np.float64),
        )
