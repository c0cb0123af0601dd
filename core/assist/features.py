"""Item features for the campaign's model: hashed character and word n-grams of text, simple image statistics.

Both are fixed functions of the item (nothing learned, nothing downloaded), so a stored model is only its
weights: the text side hashes n-grams into a fixed number of columns instead of keeping a vocabulary, and the
image side reads a downscaled grey picture, colour histograms and an edge map through Pillow.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image, ImageFilter

if TYPE_CHECKING:
    from scipy import sparse
    from sklearn.feature_extraction.text import HashingVectorizer

TEXT_COLUMNS = 2**16  # per analyser: collisions cost a little accuracy, a larger table costs memory per class
PIXELS = 16  # the grey picture is downscaled to PIXELS x PIXELS
HISTOGRAM_BINS = 8  # per colour channel
EDGE_GRID = 4  # mean edge strength over EDGE_GRID x EDGE_GRID cells
IMAGE_COLUMNS = PIXELS * PIXELS + 3 * HISTOGRAM_BINS + EDGE_GRID * EDGE_GRID


@cache
def _analysers() -> tuple[HashingVectorizer, HashingVectorizer]:
    # scikit-learn and SciPy load only when a campaign's model trains or predicts: importing them costs every
    # process of the product over 150 MB, and most campaigns never turn the model on.
    from sklearn.feature_extraction.text import HashingVectorizer

    chars = HashingVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), n_features=TEXT_COLUMNS, alternate_sign=False, norm=None
    )
    words = HashingVectorizer(
        analyzer="word", ngram_range=(1, 2), n_features=TEXT_COLUMNS, alternate_sign=False, norm=None
    )
    return chars, words


def text_features(texts: Sequence[str]) -> sparse.csr_matrix:
    """Raw n-gram counts, shape (len(texts), 2 * TEXT_COLUMNS); the model weighs them by inverse document frequency."""
    from scipy import sparse

    docs = [t or "" for t in texts]
    chars, words = _analysers()
    return sparse.hstack([chars.transform(docs), words.transform(docs)], format="csr")


def image_features(paths: Sequence[Path | None]) -> np.ndarray:
    """One row of IMAGE_COLUMNS per picture; a missing or unreadable picture is a row of zeros."""
    out = np.zeros((len(paths), IMAGE_COLUMNS), dtype=np.float64)
    for row, path in enumerate(paths):
        if path is None:
            continue
        try:
            with Image.open(path) as img:
                out[row] = _picture(img)
        except (OSError, ValueError):
            continue  # the model abstains in effect: the row carries no signal
    return out


def _picture(img: Image.Image) -> np.ndarray:
    img.draft("RGB", (PIXELS * 8, PIXELS * 8))  # a large JPEG decodes at a reduced size: bounded memory
    small = img.convert("RGB").resize((PIXELS * EDGE_GRID, PIXELS * EDGE_GRID))
    grey = small.convert("L")
    pixels = np.asarray(grey.resize((PIXELS, PIXELS)), dtype=np.float64).ravel() / 255.0
    colours = np.asarray(small, dtype=np.int64).reshape(-1, 3)
    histogram = np.concatenate(
        [np.bincount(colours[:, c] * HISTOGRAM_BINS // 256, minlength=HISTOGRAM_BINS) for c in range(3)]
    ) / len(colours)
    edges = np.asarray(grey.filter(ImageFilter.FIND_EDGES), dtype=np.float64) / 255.0
    side = edges.shape[0] // EDGE_GRID
    cells = edges[: side * EDGE_GRID, : side * EDGE_GRID].reshape(EDGE_GRID, side, EDGE_GRID, side).mean(axis=(1, 3))
    return np.concatenate([pixels, histogram, cells.ravel()])
