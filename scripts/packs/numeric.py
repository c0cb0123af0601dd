"""Numeric pack: count the handwritten digits scattered on a 3x3 grid."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import SEED, digit_image, manifest, save

# A 120 px white canvas split into 3x3 cells of 40 px, each holding at most one 32 px digit with a 4 px margin.
CANVAS, CELL, TILE, MARGIN = 120, 40, 32, 4


def build(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    from sklearn.datasets import load_digits  # heavy; imported only when this pack is built

    rng = random.Random(SEED + 4)
    digits = load_digits()
    ids = [f"num-{n:04d}" for n in range(60)]
    gold = pick_gold(ids, share, seed="numeric")
    items = []
    for i in ids:
        count = rng.randint(1, 9)
        canvas = Image.new("L", (CANVAS, CANVAS), 255)
        # One digit per cell, so no two overlap and every one can be counted.
        for cell in rng.sample(range(9), count):
            tile = digit_image(digits.data[rng.randrange(len(digits.data))], TILE)
            canvas.paste(tile, (MARGIN + CELL * (cell % 3), MARGIN + CELL * (cell // 3)))
        items.append(PackItem(i, "", save(canvas, out, i), (), str(count), i in gold, "sklearn-digits"))
    m = manifest(
        "Counting digits",
        TaskKind.NUMERIC,
        "How many digits are in this picture?",
        [(str(n), str(n)) for n in range(1, 10)],
        "CC-BY-4.0",
        "Optical Recognition of Handwritten Digits (UCI), as shipped in scikit-learn.",
    )
    return m, items
