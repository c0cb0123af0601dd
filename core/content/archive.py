"""Unpacking an uploaded ZIP without trusting a byte of it."""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path, PurePosixPath

from core.content.limits import UploadLimits
from core.content.paths import PathRejected, clean_relative

CHUNK = 64 * 1024


class ArchiveRejected(ValueError):
    """The archive as a whole is refused; `where` names the entry at fault."""

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(reason)
        self.where = where
        self.reason = reason


def check_entries(archive: zipfile.ZipFile, limits: UploadLimits) -> list[tuple[zipfile.ZipInfo, PurePosixPath]]:
    """Refuse the whole archive on any hostile entry, before a single byte is unpacked."""
    infos = archive.infolist()
    files = [info for info in infos if not info.is_dir()]
    if len(files) > limits.max_files:
        raise ArchiveRejected("archive", f"too many files: {len(files)} > {limits.max_files}")
    declared = sum(info.file_size for info in files)
    if declared > limits.max_total_bytes:
        raise ArchiveRejected("archive", f"unpacks to {declared} bytes, more than {limits.max_total_bytes}")
    checked: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
    seen: set[PurePosixPath] = set()
    for info in infos:
        where = info.filename
        try:
            relative = clean_relative(info.filename)
        except PathRejected as exc:
            raise ArchiveRejected(where, f"path traversal: {exc}") from exc
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise ArchiveRejected(where, "symlink in archive")
        if info.flag_bits & 0x1:
            raise ArchiveRejected(where, "encrypted entry")
        if info.is_dir():
            continue
        if relative in seen:
            raise ArchiveRejected(where, "the same path appears twice")
        seen.add(relative)
        if info.file_size > limits.max_file_bytes:
            raise ArchiveRejected(where, f"file unpacks to {info.file_size} bytes, more than {limits.max_file_bytes}")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= limits.ratio_min_bytes and ratio > limits.max_ratio:
            raise ArchiveRejected(where, f"zip bomb: compression ratio {ratio:.0f} > {limits.max_ratio:.0f}")
        checked.append((info, relative))
    packed = sum(info.compress_size for info in files)
    if declared >= limits.ratio_min_bytes and declared / max(packed, 1) > limits.max_ratio:
        # Many entries each just under the per-entry threshold still make a bomb together.
        raise ArchiveRejected("archive", f"zip bomb: archive-wide compression ratio > {limits.max_ratio:.0f}")
    return checked


def extract(zip_path: Path, target: Path, limits: UploadLimits) -> None:
    """Unpack into `target` (which must exist), counting real bytes: headers may lie about sizes."""
    if zip_path.stat().st_size > limits.max_upload_bytes:
        raise ArchiveRejected("archive", f"upload is larger than {limits.max_upload_bytes} bytes")
    try:
        with zipfile.ZipFile(zip_path) as archive:
            total = 0
            for info, relative in check_entries(archive, limits):
                destination = target.joinpath(*relative.parts)
                destination.parent.mkdir(parents=True, exist_ok=True)
                total += _copy_entry(archive, info, destination, limits, total)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        raise ArchiveRejected("archive", f"not a readable ZIP archive: {exc}") from exc
    except OSError as exc:
        # Entries that clash on disk (a file where a folder is needed) or a full disk.
        raise ArchiveRejected("archive", f"cannot unpack: {type(exc).__name__}") from exc
    except RuntimeError as exc:
        # zipfile raises RuntimeError for entries that need a password.
        raise ArchiveRejected("archive", f"unreadable entry: {exc}") from exc


def _copy_entry(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, destination: Path, limits: UploadLimits, total: int
) -> int:
    written = 0
    with archive.open(info) as source, destination.open("xb") as sink:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise ArchiveRejected(info.filename, "zip bomb: entry unpacks to more than its declared size")
            if total + written > limits.max_total_bytes:
                raise ArchiveRejected(info.filename, f"archive unpacks to more than {limits.max_total_bytes} bytes")
            sink.write(chunk)
    return written
