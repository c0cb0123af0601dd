"""Loading a pack from a folder: manifest + items file, or one sub-folder per class."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from core.content.collect import RowSource, collect
from core.content.gold import pick_gold
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.manifest import CHOICE_KEY, MANIFEST_NAMES, ManifestError, find_manifest, read_manifest
from core.content.pack import ChoiceSpec, ImportReport, PackManifest, failed
from core.content.rows import ItemsFileError, find_items_file, iter_rows, read_text
from core.content.store import ImageStore
from core.types import Rejection


def prepare_out_dir(out_dir: Path | None) -> Path | None:
    """Resolve the output folder; it must be new or empty, since a failed import removes it."""
    if out_dir is None:
        return None
    out_dir = out_dir.resolve()
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise FileExistsError(f"{out_dir} exists and is not an empty folder")
    return out_dir


def load_pack(path: Path, *, limits: UploadLimits = DEFAULT_LIMITS, out_dir: Path | None = None) -> ImportReport:
    """Load a folder with manifest.toml (or .json), items.jsonl (or .csv) and images/.

    Without `out_dir` images are checked where they are; with it, clean re-encoded copies and a normalised
    manifest and items.jsonl are written there (the way untrusted uploads are imported).
    """
    root = Path(path)
    if not root.is_dir() or root.is_symlink():
        return failed(str(root), "not a folder")
    manifest_path = find_manifest(root)
    if manifest_path is None:
        return failed(str(root), f"no {' or '.join(MANIFEST_NAMES)}")
    try:
        manifest = read_manifest(manifest_path, limits.max_manifest_bytes)
    except ManifestError as exc:
        return failed(manifest_path.name, str(exc))
    items_path = find_items_file(root)
    if items_path is None:
        return failed(str(root), "no items.jsonl or items.csv")
    try:
        text = read_text(items_path, limits.max_file_bytes)
        out = prepare_out_dir(out_dir)
        store = ImageStore(root, out, limits)
        return collect(manifest, iter_rows(items_path, text), store.take, limits, root=root, out_dir=out)
    except (ItemsFileError, FileExistsError) as exc:
        return failed(items_path.name, str(exc))


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "_", name.strip().lower()).strip("_")[:16]


def class_choices(root: Path, manifest: PackManifest) -> tuple[dict[str, str], list[Rejection]]:
    """Map each class folder to a choice key; with no choices in the manifest, the folders define them."""
    folders: dict[str, str] = {}
    rejected: list[Rejection] = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(".") or entry.name in MANIFEST_NAMES:
            continue
        if entry.is_symlink() or not entry.is_dir():
            rejected.append(Rejection(entry.name, "not a class folder (a plain folder is expected)"))
            continue
        key = slug(entry.name)
        if manifest.choices and key not in manifest.choice_keys:
            rejected.append(Rejection(entry.name, f"folder {entry.name!r} is not one of the choices"))
        elif not CHOICE_KEY.fullmatch(key):
            rejected.append(Rejection(entry.name, f"folder name {entry.name!r} cannot be a choice key"))
        else:
            folders[entry.name] = key
    return folders, rejected


def class_rows(root: Path, folders: dict[str, str], gold: frozenset[str]) -> Iterator[tuple[str, dict | str]]:
    for folder, key in folders.items():
        for entry in sorted((root / folder).iterdir()):
            where = f"{folder}/{entry.name}"
            if entry.name.startswith("."):
                continue
            if entry.is_symlink() or not entry.is_file():
                yield where, "not a plain file (symlinks and nested folders are refused)"
                continue
            yield where, {"id": where, "image": where, "known_answer": key, "gold": where in gold}


def load_class_folders(
    path: Path,
    manifest: PackManifest,
    limits: UploadLimits = DEFAULT_LIMITS,
    *,
    out_dir: Path | None = None,
    gold_share: float = 0.0,
) -> ImportReport:
    """Load images sorted into one sub-folder per class; every image's known answer is its folder."""
    root = Path(path)
    if not root.is_dir() or root.is_symlink():
        return failed(str(root), "not a folder")
    folders, rejected = class_choices(root, manifest)
    if not folders:
        return failed(str(root), "no class folders", *rejected)
    if not manifest.choices:
        choices = tuple(ChoiceSpec(key, name) for name, key in folders.items())
        manifest = replace(manifest, choices=choices)
    names = [f"{f}/{e.name}" for f in folders for e in (root / f).iterdir()]
    if len(names) > limits.max_files:
        return failed(str(root), f"more than {limits.max_files} files", *rejected)
    rows: RowSource = class_rows(root, folders, pick_gold(names, gold_share))
    try:
        out = prepare_out_dir(out_dir)
    except FileExistsError as exc:
        return failed(str(out_dir), str(exc), *rejected)
    store = ImageStore(root, out, limits)
    return collect(manifest, rows, store.take, limits, root=root, out_dir=out, earlier=tuple(rejected))
