"""A bare items file (JSONL or CSV, as the requester API receives them): the campaign's terms stand in for the
manifest, and the rows go through the same checks as every other loader."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from core.content.collect import collect
from core.content.folder import prepare_out_dir
from core.content.limits import UploadLimits
from core.content.pack import ImportReport, PackManifest, failed
from core.content.rows import ItemsFileError, Row, iter_rows, read_text
from core.content.store import ImageStore

SUFFIXES = (".jsonl", ".csv")


def load_items_file(
    path: Path, manifest: PackManifest, limits: UploadLimits, *, out_dir: Path | None = None, all_gold: bool = False
) -> ImportReport:
    """`all_gold`: every row is a gold item (each must then carry its answer)."""
    if path.suffix not in SUFFIXES:
        return failed(path.name, "not a .jsonl or .csv file")
    try:
        text = read_text(path, limits.max_file_bytes)
        out = prepare_out_dir(out_dir)
        # Images are not part of a bare file: any image path a row names is looked up (and refused) in its folder.
        store = ImageStore(path.parent, out, limits)
        rows = iter_rows(path, text)
        return collect(
            manifest, _as_gold(rows) if all_gold else rows, store.take, limits, root=path.parent, out_dir=out
        )
    except (ItemsFileError, FileExistsError) as exc:
        return failed(path.name, str(exc))


def _as_gold(rows: Iterator[tuple[str, Row | str]]) -> Iterator[tuple[str, Row | str]]:
    for where, row in rows:
        if isinstance(row, dict):
            row = {**row, "gold": True}
        yield where, row
