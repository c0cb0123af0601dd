"""Where shipped files live, and how stored image paths survive the repository moving."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = ROOT / "assets"
ASSET_PREFIX = "asset:"


def stored_path(path: Path) -> str:
    """Shipped images are stored relative to assets/, uploads by their absolute path."""
    path = path.resolve()
    if path.is_relative_to(ASSETS_DIR):
        return ASSET_PREFIX + path.relative_to(ASSETS_DIR).as_posix()
    return str(path)


def resolve(stored: str | None) -> Path | None:
    if not stored:
        return None
    if stored.startswith(ASSET_PREFIX):
        return ASSETS_DIR / stored.removeprefix(ASSET_PREFIX)
    return Path(stored)
