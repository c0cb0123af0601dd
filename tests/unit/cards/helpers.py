"""Checks every card must pass: a PNG Pillow reopens, within the size bounds a chat accepts well."""

from __future__ import annotations

import io

from PIL import Image

MAX_WIDTH = 800
MAX_BYTES = 200_000


def opened(data: bytes) -> Image.Image:
    """The PNG in `data`, fully decoded, after checking its bounds."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) < MAX_BYTES
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    assert 0 < image.width <= MAX_WIDTH
    assert 100 <= image.height <= 3000
    return image
