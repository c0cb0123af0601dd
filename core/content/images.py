"""Opening untrusted images: header checks first, then a full decode, then a clean re-encode."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

# Formats a chat client can show and Pillow decodes without plugins that run external code.
ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "GIF", "WEBP", "BMP"})


class ImageRejected(ValueError):
    """The file is not an image we accept; the message is the reason shown in the import report."""


def open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Decode `data` fully, refusing non-images, odd formats and too many pixels before decoding them."""
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its own limit and twice that; we decide from the header ourselves.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ImageRejected(f"image format {image.format} is not accepted")
            width, height = image.size
            if width < 1 or height < 1 or width * height > max_pixels:
                raise ImageRejected(f"image has too many pixels: {width}x{height} > {max_pixels}")
            image.load()
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected(f"image has too many pixels: {exc}") from exc
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError) as exc:
        raise ImageRejected(f"not a readable image: {type(exc).__name__}") from exc
    return image


def reencode(data: bytes, *, max_pixels: int, max_side: int) -> tuple[bytes, str]:
    """Return clean image bytes and their suffix: first frame only, no metadata, at most `max_side` wide."""
    image = open_checked(data, max_pixels)
    source_format = image.format
    try:
        image = ImageOps.exif_transpose(image) or image
        image.thumbnail((max_side, max_side))
        out = io.BytesIO()
        # Photos stay JPEG (PNG would bloat them); drawings and small images stay lossless.
        if source_format == "JPEG":
            image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
            return out.getvalue(), ".jpg"
        mode = image.mode if image.mode in ("1", "L", "RGB", "RGBA") else "RGBA"
        image.convert(mode).save(out, format="PNG", optimize=True)
        return out.getvalue(), ".png"
    except (OSError, ValueError) as exc:
        raise ImageRejected(f"image cannot be re-encoded: {type(exc).__name__}") from exc


def verify(data: bytes, max_pixels: int) -> None:
    """Check that stored bytes are an acceptable image, without writing anything."""
    open_checked(data, max_pixels).close()
