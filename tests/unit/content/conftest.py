"""Small packs built on the fly: a valid one to start from, and helpers to spoil it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from core.content import ChoiceSpec, PackManifest
from core.types import TaskKind

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

# A text pack's manifest as JSON, for packs of items.jsonl (or items.csv) rows.
TEXT_MANIFEST = {
    "name": "Bots",
    "version": "2",
    "kind": "bot_or_not",
    "question": "Human or bot?",
    "licence": "CC0-1.0",
    "attribution": "tests",
    "choices": [{"key": "human", "label": "Human"}, {"key": "bot", "label": "Bot"}],
}
# The manifest a CSV of image links is loaded with.
LINKS_MANIFEST = PackManifest(
    "Cats", "1", TaskKind.IMAGE_BINARY, "Cat?", (ChoiceSpec("yes", "Yes"), ChoiceSpec("no", "No")), "CC0", "t"
)


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


def write_text_pack(root: Path, rows: list[dict[str, object]]) -> Path:
    """A text pack folder: the JSON manifest above and one items.jsonl line per row."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_text(json.dumps(TEXT_MANIFEST))
    (root / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return root
