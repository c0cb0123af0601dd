"""Packs whose images are links: rows are checked at import, each image fetched when first needed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from core.content.collect import collect
from core.content.fetch import Fetched, FetchError, fetch_url
from core.content.images import ImageRejected, reencode
from core.content.items import RowRejected
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.pack import ImportReport, PackItem, PackManifest, failed
from core.content.rows import ItemsFileError, iter_rows, read_text

Fetcher = Callable[[str, UploadLimits], Fetched]


def load_url_csv(csv_path: Path, manifest: PackManifest, limits: UploadLimits = DEFAULT_LIMITS) -> ImportReport:
    """Check a CSV (or JSONL) of image links; nothing is fetched until `fetch_image` is called."""

    def no_files(name: str) -> Path:
        raise RowRejected(f"image file {name!r} given where a url is expected")

    path = Path(csv_path)
    try:
        text = read_text(path, limits.max_file_bytes)
        return collect(manifest, iter_rows(path, text), no_files, limits, root=path.parent)
    except (ItemsFileError, OSError) as exc:
        return failed(path.name, str(exc))


def fetch_image(item: PackItem, cache_dir: Path, limits: UploadLimits, fetch: Fetcher = fetch_url) -> PackItem:
    """The item with its image fetched, checked and re-encoded into `cache_dir`; raises FetchError."""
    if item.image is not None or item.url is None:
        return item
    fetched = fetch(item.url, limits)
    try:
        clean, suffix = reencode(fetched.body, max_pixels=limits.max_pixels, max_side=limits.max_side)
    except ImageRejected as exc:
        raise FetchError(str(exc)) from exc
    target = Path(cache_dir).resolve() / (hashlib.sha256(clean).hexdigest()[:24] + suffix)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(clean)
    return replace(item, image=target)
