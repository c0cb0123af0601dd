"""Display names as the platforms hand them over, made safe to show beside other people's.

A name is shown in leaderboards, group messages and notices, next to text it must not affect: bidi overrides
(U+202A-U+202E, U+2066-U+2069) reorder the rest of the line, zero-width and other format characters hide
what a name really is, control characters break the layout. All of them go; whitespace of any kind becomes one
space; the length is capped.
"""

from __future__ import annotations

import unicodedata

MAX_NAME_CHARS = 64
FALLBACK = "Player"


def clean_name(name: str) -> str:
    """The name without control, format (Cf), private-use or unassigned characters, spaces collapsed, capped."""
    kept = (" " if char.isspace() else char for char in name)
    visible = "".join(char for char in kept if char == " " or unicodedata.category(char)[0] != "C")
    collapsed = " ".join(visible.split())[:MAX_NAME_CHARS].rstrip()
    return collapsed or FALLBACK
