"""A small character preview of an image, so terminal players can answer image tasks."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, UnidentifiedImageError

RAMP = " .:-=+*#%@"


def ascii_preview(path: Path, width: int = 48) -> str:
    try:
        with Image.open(path) as image:
            gray = image.convert("L")
    except (OSError, UnidentifiedImageError):
        return "(image unavailable)"
    # Terminal cells are about twice as tall as wide.
    height = max(1, round(gray.height * width / gray.width / 2))
    small = gray.resize((width, height))
    pixels = small.tobytes()  # one byte per pixel in mode L
    rows = [pixels[i * width : (i + 1) * width] for i in range(height)]
    return "\n".join("".join(RAMP[(255 - p) * (len(RAMP) - 1) // 255] for p in row) for row in rows)
