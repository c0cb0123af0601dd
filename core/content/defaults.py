"""The content that ships with the product: one pack per level of the default ladder."""

from __future__ import annotations

import sys
from pathlib import Path

from core.content.folder import load_pack
from core.content.manifest import find_manifest
from core.content.pack import Pack
from core.types import TaskKind

LADDER_ORDER = tuple(TaskKind)


def default_packs_dir() -> Path:
    """`assets/packs` beside the source tree, or the copy an installed package puts under share/."""
    in_tree = Path(__file__).resolve().parents[2] / "assets" / "packs"
    if in_tree.is_dir():
        return in_tree
    return Path(sys.prefix) / "share" / "chatlabel" / "packs"


def load_default_packs(packs_dir: Path | None = None) -> list[Pack]:
    """Every pack under the default folder, in ladder order; a shipped pack that fails is a bug, so raise."""
    root = packs_dir or default_packs_dir()
    packs: list[Pack] = []
    folders = [p for p in sorted(root.iterdir()) if p.is_dir() and find_manifest(p)] if root.is_dir() else []
    for folder in folders:
        report = load_pack(folder)
        if report.pack is None or report.rejected:
            raise ValueError(f"default pack {folder.name} does not load cleanly: {report.rejected[:3]}")
        packs.append(report.pack)
    return sorted(packs, key=lambda pack: (LADDER_ORDER.index(pack.manifest.kind), pack.manifest.name))
