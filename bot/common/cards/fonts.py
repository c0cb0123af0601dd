"""The card fonts, shipped in `assets/fonts/` so a fresh machine renders the same pictures."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import ImageFont, features

# bot/common/cards/fonts.py -> the repository root holds `assets/`; never the current directory.
FONT_DIR = Path(__file__).resolve().parents[3] / "assets" / "fonts"
REGULAR = "DejaVuSans.ttf"
BOLD = "DejaVuSans-Bold.ttf"

# Complex layout (bidi, Arabic shaping) needs libraqm; without it text still renders, left to right.
_LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

# A code point no font maps: whatever it renders as is the font's "missing glyph" box.
_UNMAPPED = "\U0010fffd"
_PROBE_SIZE = 24


@lru_cache(maxsize=64)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """The card font at `size` pixels; loaded once per size and weight."""
    path = FONT_DIR / (BOLD if bold else REGULAR)
    return ImageFont.truetype(str(path), size=size, layout_engine=_LAYOUT)


@lru_cache(maxsize=1)
def _missing_mask() -> tuple[tuple[int, int], bytes]:
    mask = font(_PROBE_SIZE).getmask(_UNMAPPED)
    return mask.size, bytes(mask)


@lru_cache(maxsize=8192)
def has_glyph(char: str) -> bool:
    """Whether the card font draws `char` itself rather than an empty box."""
    mask = font(_PROBE_SIZE).getmask(char)
    return (mask.size, bytes(mask)) != _missing_mask()
