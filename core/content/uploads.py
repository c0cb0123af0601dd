"""Importing an uploaded ZIP: unpack to a scratch folder, load, keep only clean copies in `dest_dir`."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from core.content.archive import ArchiveRejected, extract
from core.content.folder import load_class_folders, load_pack
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.manifest import find_manifest
from core.content.pack import ImportReport, PackManifest, failed


def pack_root(unpacked: Path) -> Path:
    """Archives made by zipping a folder hold that folder; its content is the pack."""
    if find_manifest(unpacked) is not None:
        return unpacked
    entries = [entry for entry in unpacked.iterdir() if not entry.name.startswith((".", "__MACOSX"))]
    if len(entries) == 1 and entries[0].is_dir() and find_manifest(entries[0]) is not None:
        return entries[0]
    return unpacked


def load_zip(
    zip_path: Path,
    dest_dir: Path,
    limits: UploadLimits = DEFAULT_LIMITS,
    *,
    manifest: PackManifest | None = None,
    gold_share: float = 0.0,
) -> ImportReport:
    """Import an uploaded ZIP into `dest_dir` (new or empty): a pack folder, or class folders with `manifest`.

    On failure `dest_dir` is left absent (or empty, when it existed before) and the report says why.
    """
    dest_dir = Path(dest_dir).resolve()
    existed = dest_dir.exists()
    if existed and (not dest_dir.is_dir() or any(dest_dir.iterdir())):
        return failed(str(dest_dir), "destination exists and is not an empty folder")
    dest_dir.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".upload-", dir=dest_dir.parent))
    try:
        if existed:
            dest_dir.rmdir()
        report = _import(Path(zip_path), scratch, dest_dir, limits, manifest, gold_share)
    except BaseException:
        shutil.rmtree(dest_dir, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if existed and not dest_dir.exists():
            dest_dir.mkdir()
    return report


def _import(
    zip_path: Path,
    scratch: Path,
    dest_dir: Path,
    limits: UploadLimits,
    manifest: PackManifest | None,
    gold_share: float,
) -> ImportReport:
    try:
        extract(zip_path, scratch, limits)
    except ArchiveRejected as exc:
        return failed(exc.where, exc.reason)
    root = pack_root(scratch)
    if find_manifest(root) is not None:
        return load_pack(root, limits=limits, out_dir=dest_dir)
    if manifest is None:
        return failed("archive", "no manifest.toml in the archive and no manifest given for class folders")
    return load_class_folders(root, manifest, limits, out_dir=dest_dir, gold_share=gold_share)
