"""The loop every loader ends in: rows to items, rejections named, all-or-nothing output."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from core.content.items import ImageTaker, RowRejected, build_item
from core.content.limits import UploadLimits
from core.content.pack import ImportReport, Pack, PackItem, PackManifest, failed
from core.content.rows import ItemsFileError
from core.content.store import TooManyFiles
from core.content.writer import write_pack
from core.types import Rejection

RowSource = Iterable[tuple[str, dict[str, Any] | str]]


def collect(
    manifest: PackManifest,
    rows: RowSource,
    take_image: ImageTaker,
    limits: UploadLimits,
    *,
    root: Path,
    out_dir: Path | None = None,
    earlier: tuple[Rejection, ...] = (),
) -> ImportReport:
    """Build the pack from `rows`; with `out_dir`, write it there, or leave nothing there if it fails."""
    items: list[PackItem] = []
    rejected: list[Rejection] = list(earlier)
    seen: set[str] = set()
    try:
        for where, row in rows:
            if isinstance(row, str):
                rejected.append(Rejection(where, row))
                continue
            if len(items) >= limits.max_items:
                return _abandon(out_dir, failed(where, f"more than {limits.max_items} items", *rejected))
            # Checked before the row is built, so a duplicate never writes its image.
            raw_id = str(row.get("id") or row.get("external_id") or "").strip()
            if raw_id in seen:
                rejected.append(Rejection(where, f"duplicate id {raw_id!r}"))
                continue
            try:
                item = build_item(row, manifest, take_image, limits)
                if item.external_id in seen:
                    raise RowRejected(f"duplicate id {item.external_id!r}")
            except RowRejected as exc:
                rejected.append(Rejection(where, str(exc)))
                continue
            seen.add(item.external_id)
            items.append(item)
    except (TooManyFiles, ItemsFileError) as exc:
        return _abandon(out_dir, failed("pack", str(exc), *rejected))
    if not items:
        return _abandon(out_dir, failed("pack", "no usable items", *rejected))
    pack_root = out_dir if out_dir is not None else root
    if out_dir is not None:
        write_pack(manifest, items, out_dir)
    return ImportReport(Pack(manifest, pack_root.resolve(), tuple(items)), tuple(rejected))


def _abandon(out_dir: Path | None, report: ImportReport) -> ImportReport:
    """Remove whatever this import wrote, so a failure leaves nothing half-imported."""
    if out_dir is not None:
        shutil.rmtree(out_dir, ignore_errors=True)
    return report
