"""Writing a pack folder (manifest.toml + items.jsonl + images/) that `load_pack` reads back."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.content.manifest import manifest_toml
from core.content.pack import PackItem, PackManifest


def item_row(item: PackItem, root: Path) -> dict[str, Any]:
    """The JSONL row for an item; image paths are stored relative to the pack folder."""
    row: dict[str, Any] = {"id": item.external_id}
    if item.text:
        row["text"] = item.text
    if item.image is not None:
        row["image"] = item.image.relative_to(root).as_posix()
    if item.url:
        row["url"] = item.url
    if item.answers:
        row["answers"] = list(item.answers)
    if item.systems is not None:
        row["system_a"], row["system_b"] = item.systems
    if item.known_answer is not None:
        row["known_answer"] = item.known_answer
    row["gold"] = item.gold
    if item.source:
        row["source"] = item.source
    return row


def write_pack(manifest: PackManifest, items: Iterable[PackItem], root: Path) -> None:
    """Write the manifest and items of a pack whose images already sit under `root`."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.toml").write_text(manifest_toml(manifest), encoding="utf-8")
    lines = (json.dumps(item_row(item, root), ensure_ascii=False, sort_keys=False) for item in items)
    (root / "items.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
