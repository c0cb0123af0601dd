"""A task's image, scaled into a card; a drawn placeholder whenever it cannot be shown."""

from __future__ import annotations

import logging
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps

from bot.common.cards.canvas import MUTED, SURFACE, SURFACE_HIGH, Colour
from bot.common.cards.fonts import font
from bot.common.texts.i18n import _

log = logging.getLogger(__name__)

# Task images were re-encoded at import; these bounds only guard against a file swapped in behind our back.
MAX_FILE_BYTES = 50_000_000
MAX_PIXELS = 40_000_000
# Below this many pixels on the longer side an image is a glyph-like sample, shown large and blocky.
SMALL_SIDE = 128


def load(path: Path | None, box: tuple[int, int], background: Colour) -> Image.Image | None:
    """The image at `path` scaled to fit `box` (never enlarged past twice its size), or None if unusable."""
    if path is None:
        return None
    try:
        if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
            return None
        with Image.open(path) as source:
            return _fitted(source, box, background)
    except Exception as error:  # a damaged upload may fail inside any image plugin; the card must still render
        log.warning("task image %s not shown: %s", path, error)
        return None


def _fitted(source: Image.Image, box: tuple[int, int], background: Colour) -> Image.Image | None:
    width, height = source.size
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS:
        return None
    # JPEG can decode at a reduced scale, which keeps very large photos cheap.
    source.draft("RGB", box)
    image = ImageOps.exif_transpose(source)
    image = _flatten(image, background)
    scale = min(box[0] / image.width, box[1] / image.height)
    if max(image.size) >= SMALL_SIDE:
        # A photo enlarged more than twice only shows its blur.
        scale = min(scale, 2.0)
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # Tiny sources (digits, icons) stay crisp as blocks; photos are smoothed.
    resample = Image.Resampling.NEAREST if scale >= 3.0 else Image.Resampling.LANCZOS
    return image.resize(size, resample)


def _flatten(image: Image.Image, background: Colour) -> Image.Image:
    """RGB on the card's colour, so transparent images do not show black corners."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, background)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    if image.mode.startswith("I"):
        # 16/32-bit greyscale: scale down to 8 bits before the colour conversion.
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    return image.convert("RGB")


def placeholder(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    """A framed picture icon with a caption, where the task's image would be."""
    left, top, right, bottom = box
    draw.rounded_rectangle(box, radius=18, fill=SURFACE)
    cx, cy = (left + right) // 2, (top + bottom) // 2 - 16
    frame = (cx - 48, cy - 36, cx + 48, cy + 36)
    draw.rounded_rectangle(frame, radius=8, outline=SURFACE_HIGH, width=4)
    draw.polygon([(cx - 36, cy + 26), (cx - 8, cy - 8), (cx + 12, cy + 14), (cx + 36, cy + 26)], fill=SURFACE_HIGH)
    draw.ellipse((cx + 14, cy - 24, cx + 30, cy - 8), fill=SURFACE_HIGH)
    draw.text((cx, cy + 64), _("Image unavailable"), font=font(20), fill=MUTED, anchor="mm")
