"""The shared look of every card: colours, a measured stack of blocks, drawing helpers, PNG encoding."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw

from bot.common.cards.fonts import font
from bot.common.cards.text import fit

WIDTH = 800
PAD = 40
INNER = WIDTH - 2 * PAD
GAP = 24
MAX_BYTES = 200_000
PALETTE_STEPS = (256, 64)

Colour = tuple[int, int, int]
BACKGROUND: Colour = (17, 24, 39)
SURFACE: Colour = (31, 41, 55)
SURFACE_HIGH: Colour = (55, 65, 81)
TEXT: Colour = (249, 250, 251)
MUTED: Colour = (156, 163, 175)
ACCENT: Colour = (99, 102, 241)
ACCENT_SOFT: Colour = (49, 46, 129)
# Lighter than ACCENT so text in the accent colour keeps its contrast on the dark surfaces.
ACCENT_TEXT: Colour = (165, 180, 252)
SUCCESS: Colour = (34, 197, 94)
GOLD: Colour = (245, 158, 11)
SILVER: Colour = (156, 163, 175)
BRONZE: Colour = (180, 83, 9)
TRACK: Colour = (55, 65, 81)
# Avatar backgrounds, picked by a stable hash of the name so a player keeps their colour.
AVATAR_COLOURS: tuple[Colour, ...] = (
    (239, 68, 68),
    (249, 115, 22),
    (234, 179, 8),
    (34, 197, 94),
    (20, 184, 166),
    (59, 130, 246),
    (139, 92, 246),
    (236, 72, 153),
)


@dataclass(frozen=True, slots=True)
class Block:
    """A horizontal slice of a card: its height is known before anything is drawn."""

    height: int
    paint: Callable[[Image.Image, ImageDraw.ImageDraw, int], None]


def compose(blocks: Sequence[Block], gap: int = GAP) -> Image.Image:
    """Stack `blocks` top to bottom on a card just tall enough for them."""
    height = 2 * PAD + sum(block.height for block in blocks) + gap * max(0, len(blocks) - 1)
    image = Image.new("RGB", (WIDTH, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    top = PAD
    for block in blocks:
        block.paint(image, draw, top)
        top += block.height + gap
    return image


def to_png(image: Image.Image) -> bytes:
    """Encode without metadata (equal input, equal bytes); fewer colours when a photo makes it too big."""
    data = _encode(image)
    for colours in PALETTE_STEPS:
        if len(data) <= MAX_BYTES:
            break
        # Photos compress poorly; a palette keeps them recognisable at a fraction of the size.
        data = _encode(image.quantize(colors=colours, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE))
    return data


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Flat colours compress well at any level; higher levels cost twice the time for under 10% fewer bytes.
    image.save(buffer, format="PNG", compress_level=3)
    return buffer.getvalue()


def text_block(text: str, size: int, colour: Colour = TEXT, bold: bool = False) -> Block:
    """One line of text across the card, cut with an ellipsis when too long."""
    face = font(size, bold)
    line = fit(text, face, INNER)

    def paint(_: Image.Image, draw: ImageDraw.ImageDraw, top: int) -> None:
        draw.text((PAD, top), line, font=face, fill=colour, anchor="la")

    return Block(line_height(size), paint)


def line_height(size: int) -> int:
    """Room for one line at `size`, accents and descenders included."""
    return round(size * 1.25)


def progress_bar(
    draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], fraction: float, colour: Colour = SUCCESS
) -> None:
    """A rounded track filled to `fraction`; any progress at all shows at least a full rounded cap."""
    left, top, right, bottom = box
    radius = (bottom - top) // 2
    draw.rounded_rectangle(box, radius=radius, fill=TRACK)
    share = fraction if fraction == fraction else 0.0  # NaN reads as nothing done
    filled = left + round((right - left) * max(0.0, min(1.0, share)))
    if share > 0:
        draw.rounded_rectangle((left, top, max(filled, left + 2 * radius), bottom), radius=radius, fill=colour)


def avatar(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int, name: str) -> None:
    """A coloured disc with the name's initial, standing in for a profile photo we never fetch."""
    digest = hashlib.sha256(name.encode("utf-8", "replace")).digest()
    colour = AVATAR_COLOURS[digest[0] % len(AVATAR_COLOURS)]
    x, y = centre
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    initial = (name.strip()[:1] or "?").upper()
    draw.text(centre, initial, font=font(round(radius * 1.1), True), fill=TEXT, anchor="mm")


def pill(draw: ImageDraw.ImageDraw, origin: tuple[int, int], text: str, size: int, fill: Colour) -> int:
    """A rounded label at `origin`; returns its width so callers can place the next thing after it."""
    face = font(size, True)
    width = round(face.getlength(text)) + size
    height = round(size * 1.7)
    x, y = origin
    draw.rounded_rectangle((x, y, x + width, y + height), radius=height // 2, fill=fill)
    draw.text((x + width / 2, y + height / 2), text, font=face, fill=TEXT, anchor="mm")
    return width
