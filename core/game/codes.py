"""Codes people type or tap: invite codes and one-time link codes."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L: codes get read aloud and retyped.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def normalise(code: str) -> str:
    """Accept what people type: any case, spaces, an optional `ref_` prefix from deep links."""
    code = code.strip()
    if code.lower().startswith("ref_"):
        code = code[4:]
    return code.replace(" ", "").replace("-", "").upper()


def looks_valid(code: str, length: int) -> bool:
    return len(code) == length and all(ch in ALPHABET for ch in code)
