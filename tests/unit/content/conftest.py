"""Small packs built on the fly: a valid one to start from, and helpers to spoil it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

MANIFEST = """name = "Cats"
version = "1"
kind = "image_binary"
question = "Is there a cat?"
licence = "CC0-1.0"
attribution = "Made for the tests."

[[choices]]
key = "yes"
label = "Yes"

[[choices]]
key = "no"
label = "No"
"""


def png_bytes(size: tuple[int, int] = (16, 16), color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def write_image_pack(root: Path, rows: str, images: dict[str, bytes] | None = None) -> Path:
    """A pack folder with the test manifest, the given items.csv text and images under images/."""
    (root / "images").mkdir(parents=True, exist_ok=True)
    (root / "manifest.toml").write_text(MANIFEST)
    (root / "items.csv").write_text(rows)
    for name, data in (images or {"a.png": png_bytes(), "b.png": png_bytes(color="blue")}).items():
        (root / "images" / name).write_bytes(data)
    return root


@pytest.fixture
def image_pack(tmp_path: Path) -> Path:
    rows = "id,image,known_answer,gold,source\n1,images/a.png,yes,true,test\n2,images/b.png,no,false,test\n"
    return write_image_pack(tmp_path / "pack", rows)
