"""Image packs: handwritten sevens (scikit-learn digits) and clothing categories (Debian Fashion-MNIST)."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import numpy as np
from PIL import Image

from core.content import PackItem, PackManifest, pick_gold
from core.types import TaskKind
from packs.common import SEED, digit_image, manifest, save

FASHION = Path("/usr/share/datasets/fashion-mnist")
# Shirt and coat are left out: people confuse them with t-shirt and pullover, which would make unfair gold.
FASHION_CLASSES = {
    0: ("tshirt", "T-shirt"),
    1: ("trouser", "Trousers"),
    2: ("pullover", "Pullover"),
    3: ("dress", "Dress"),
    5: ("sandal", "Sandal"),
    7: ("sneaker", "Sneaker"),
    8: ("bag", "Bag"),
    9: ("boot", "Ankle boot"),
}


def build_binary(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    from sklearn.datasets import load_digits  # heavy; imported only when this pack is built

    rng = random.Random(SEED + 1)
    digits = load_digits()
    sevens = [i for i, t in enumerate(digits.target) if t == 7]
    others = [i for i, t in enumerate(digits.target) if t != 7]
    # As many sevens as not, so always answering one way is no better than chance.
    picked = [(i, "yes") for i in rng.sample(sevens, 100)] + [(i, "no") for i in rng.sample(others, 100)]
    rng.shuffle(picked)
    ids = [f"ib-{n:04d}" for n in range(len(picked))]
    gold = pick_gold(ids, share, seed="image_binary")
    items = [
        PackItem(i, "", save(digit_image(digits.data[k], 96), out, i), (), a, i in gold, f"sklearn-digits:{k}")
        for i, (k, a) in zip(ids, picked, strict=True)
    ]
    m = manifest(
        "Handwritten sevens",
        TaskKind.IMAGE_BINARY,
        "Is this a handwritten 7?",
        [("yes", "Yes"), ("no", "No")],
        "CC-BY-4.0",
        "Optical Recognition of Handwritten Digits (Alpaydin & Kaynak, UCI Machine Learning "
        "Repository), as shipped in scikit-learn.",
    )
    return m, items


def read_idx(name: str) -> np.ndarray:
    """An array from a gzipped IDX file (the MNIST format): magic, dimension sizes, then raw uint8 data."""
    data = gzip.decompress((FASHION / name).read_bytes())
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * d : 8 + 4 * d], "big") for d in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def build_category(out: Path, share: float) -> tuple[PackManifest, list[PackItem]]:
    rng = random.Random(SEED + 2)
    images, labels = read_idx("t10k-images-idx3-ubyte.gz"), read_idx("t10k-labels-idx1-ubyte.gz")
    picked: list[tuple[int, str]] = []
    for label, (key, _) in FASHION_CLASSES.items():
        indices = [i for i, t in enumerate(labels) if t == label]
        picked += [(i, key) for i in rng.sample(indices, 30)]
    rng.shuffle(picked)
    ids = [f"ic-{n:04d}" for n in range(len(picked))]
    gold = pick_gold(ids, share, seed="image_category")
    items = []
    for i, (k, key) in zip(ids, picked, strict=True):
        # Fashion-MNIST is light on black; inverted and enlarged it reads like a product photo.
        image = Image.fromarray(255 - images[k], mode="L").resize((84, 84), Image.Resampling.LANCZOS)
        items.append(PackItem(i, "", save(image, out, i), (), key, i in gold, f"fashion-mnist-t10k:{k}"))
    m = manifest(
        "Clothing",
        TaskKind.IMAGE_CATEGORY,
        "What is shown in this picture?",
        list(FASHION_CLASSES.values()),
        "MIT",
        "Fashion-MNIST, Copyright 2017 Zalando SE (MIT licence).",
    )
    return m, items
