"""What an import report may show its user: file names, never where the server keeps them."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from core import paths
from core.types import Rejection

SCRATCH_PREFIX = ".upload-"  # the folder an uploaded archive is unpacked into


def shown_name(path: str) -> str:
    """The last part of a server path, or "archive" for the scratch folder of an unpacked upload."""
    name = PurePosixPath(path).name
    return "archive" if not name or name.startswith(SCRATCH_PREFIX) else name


def server_roots(*extra: Path) -> tuple[Path, ...]:
    """Folders whose absolute paths must not reach a user: the data dir and the like, the temp dir, the code."""
    return tuple(dict.fromkeys(path.resolve() for path in (*extra, Path(tempfile.gettempdir()), paths.ROOT)))


def without_server_paths(text: str, roots: Iterable[Path]) -> str:
    """`text` with every path under one of `roots` replaced by its file name."""
    for root in sorted({str(r) for r in roots}, key=len, reverse=True):  # the deepest root first
        text = re.sub(re.escape(root) + r"(?:/[^\s'\"]*)?", lambda match: shown_name(match.group(0)), text)
    return text


def public_rejections(rejected: Iterable[Rejection], roots: Iterable[Path]) -> tuple[Rejection, ...]:
    kept = tuple(roots)
    return tuple(Rejection(without_server_paths(r.where, kept), without_server_paths(r.reason, kept)) for r in rejected)
