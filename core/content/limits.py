"""Bounds on what an upload may contain; every loader takes one of these."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class UploadLimits:
    # Archive as uploaded and everything inside it, unpacked.
    max_upload_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 500 * 1024 * 1024
    max_file_bytes: int = 20 * 1024 * 1024
    max_files: int = 20_000
    # Deflate reaches ~1000:1 on zeros; real images and CSVs stay far below this.
    max_ratio: float = 100.0
    # Entries smaller than this are not ratio-checked: tiny, repetitive files compress well and are harmless.
    ratio_min_bytes: int = 1024 * 1024
    max_items: int = 100_000
    # Counted in UTF-16 code units, as chat platforms count them (an emoji outside the BMP takes two).
    max_text_chars: int = 2_000
    # Picture tasks show their text as the picture's caption, and Telegram's holds this many units.
    max_caption_units: int = 1_024
    max_id_chars: int = 128
    max_manifest_bytes: int = 64 * 1024
    # Pixels are checked from the header, before any decoding.
    max_pixels: int = 25_000_000
    # Re-encoded images are shrunk to fit this side; chat clients show no more.
    max_side: int = 1024
    # Lazily fetched images.
    # Each fetch as a whole, not per socket read (a server trickling bytes would stretch that without end).
    fetch_timeout_s: float = 10.0
    # One run of the fetching job; links left over wait for the next run.
    fetch_budget_s: float = 60.0
    max_download_bytes: int = 10 * 1024 * 1024
    # Fetching from loopback or private addresses lets an upload probe the host's own network.
    allow_private_urls: bool = False


# Frozen, so one shared instance serves as every default argument.
DEFAULT_LIMITS = UploadLimits()
