"""Relative paths from untrusted files and archives, refused unless they stay inside their folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath


class PathRejected(ValueError):
    """The path escapes its folder or cannot be trusted; the message is the reason."""


def clean_relative(name: str) -> PurePosixPath:
    """Normalise a relative name as written in a file or archive, refusing any way out of the folder."""
    if not name or "\x00" in name:
        raise PathRejected("empty path or path with a NUL byte")
    if "\\" in name:
        # Archives made on Windows may use backslashes; treating them as separators would hide a "..\\".
        raise PathRejected(f"path {name!r} contains a backslash")
    path = PurePosixPath(name)
    if path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise PathRejected(f"path {name!r} is absolute")
    parts = [part for part in path.parts if part not in ("", ".")]
    if ".." in parts:
        raise PathRejected(f"path {name!r} leaves its folder")
    if not parts:
        raise PathRejected(f"path {name!r} names no file")
    return PurePosixPath(*parts)


def safe_child(root: Path, name: str) -> Path:
    """The file `name` under `root`, refusing symlinks on the way and anything that resolves outside."""
    relative = clean_relative(name)
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise PathRejected(f"path {name!r} goes through a symlink")
    resolved = current.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise PathRejected(f"path {name!r} resolves outside the pack")
    return resolved
