"""Builders of the default content packs, one module per source.

Each builder takes the pack folder and the gold share and returns the manifest and items; the entry point
`scripts/build_default_pack.py` runs them in the order of BUILDERS (the order matters: it is part of what
makes the output reproducible) and writes the packs. The repository root must be importable (for `core`).
"""

from __future__ import annotations

from packs import bot_or_not, comparison, images, numeric
from packs.common import Builder

BUILDERS: dict[str, Builder] = {
    "bot_or_not": bot_or_not.build,
    "image_binary": images.build_binary,
    "image_category": images.build_category,
    "comparison": comparison.build,
    "numeric": numeric.build,
}
