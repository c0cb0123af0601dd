"""What the pack builders share: the seed, the word filter, manifest and image helpers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image

from core.content import ChoiceSpec, PackItem, PackManifest
from core.types import TaskKind

# Every builder derives its generator from this one seed, so a rebuild reproduces the committed packs exactly.
SEED = 20240601

# Texts and definitions that match are dropped: the packs are shown to anyone, so nothing crude or charged.
BLOCKED = re.compile(
    r"\b(sex\w*|god|jesus|hell|damn|kill\w*|dead|death|die[sd]?|drunk\w*|beer|whisk\w*|"
    r"wom[ae]n|girl\w*|wife|gun\w*|war|nigger|fat|stupid|idiot)\b",
    re.I,
)

# A builder gets the pack folder (images go under it) and the gold share; the caller writes the pack.
Builder = Callable[[Path, float], tuple[PackManifest, list[PackItem]]]


def manifest(
    name: str, kind: TaskKind, question: str, choices: list[tuple[str, str]], licence: str, attribution: str
) -> PackManifest:
    specs = tuple(ChoiceSpec(k, v) for k, v in choices)
    return PackManifest(name, "1", kind, question, specs, licence, attribution)


def save(image: Image.Image, out: Path, name: str) -> Path:
    """Write an item's picture as optimised PNG, whose bytes depend only on the pixels."""
    path = out / "images" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=True)
    return path


def digit_image(pixels: np.ndarray, size: int) -> Image.Image:
    """An 8x8 digit (0..16) as dark ink on white, smoothly enlarged."""
    gray = (255 - pixels.reshape(8, 8) * 255 / 16).astype(np.uint8)
    return Image.fromarray(gray, mode="L").resize((size, size), Image.Resampling.BICUBIC)
