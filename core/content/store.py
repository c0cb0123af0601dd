"""Where a loader takes each image from and, for uploads, where the clean copy goes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.content.images import ImageRejected, reencode, verify
from core.content.items import RowRejected
from core.content.limits import UploadLimits
from core.content.paths import PathRejected, safe_child


class TooManyFiles(ValueError):
    """The pack holds more files than the limits allow; the whole import stops."""


class ImageStore:
    """Checks images under `root`; with `out_dir`, writes re-encoded copies to `out_dir/images/`."""

    def __init__(self, root: Path, out_dir: Path | None, limits: UploadLimits) -> None:
        self.root = root
        self.out_dir = out_dir
        self.limits = limits
        self.taken = 0

    def take(self, name: str) -> Path:
        try:
            source = safe_child(self.root, name)
        except PathRejected as exc:
            raise RowRejected(str(exc)) from exc
        if not source.is_file():
            raise RowRejected(f"image {name!r} is not a file in the pack")
        if source.stat().st_size > self.limits.max_file_bytes:
            raise RowRejected(f"image {name!r} is larger than {self.limits.max_file_bytes} bytes")
        self.taken += 1
        if self.taken > self.limits.max_files:
            raise TooManyFiles(f"more than {self.limits.max_files} images")
        return self._keep(source.read_bytes(), source, name)

    def _keep(self, data: bytes, source: Path, name: str) -> Path:
        try:
            if self.out_dir is None:
                verify(data, self.limits.max_pixels)
                return source
            clean, suffix = reencode(data, max_pixels=self.limits.max_pixels, max_side=self.limits.max_side)
        except ImageRejected as exc:
            raise RowRejected(f"image {name!r}: {exc}") from exc
        # Named by content: identical uploads share one file and no uploaded name reaches the disk.
        target = self.out_dir / "images" / (hashlib.sha256(clean).hexdigest()[:24] + suffix)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(clean)
        return target
