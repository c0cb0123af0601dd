"""Campaign admin at scale: importing a 10,000-image ZIP, and exporting a campaign with 1,000,000 answers.

Prints its figures; the last line is a JSON object with zip_import_images_per_s, export_seconds (per format) and
export_peak_rss_mb. SQLite by default; `--postgres URL` (postgresql+asyncpg://...) for an empty PostgreSQL database.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import json
import sys
import tempfile
import threading
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import psutil
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import open_game
from bench.fill import fill_postgres, fill_sqlite
from core.clock import FixedClock
from core.types import UserRef
from tests.support import make_settings

ADMIN = UserRef("console", "bench", "bench")
WHEN = datetime(2026, 1, 5, tzinfo=UTC)


def image_zip(path: Path, images: int) -> Path:
    """Class folders of small distinct PNGs, as an admin would upload them."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(images):
            out = io.BytesIO()
            Image.new("RGB", (32, 32), (n % 256, (n // 256) % 256, 99)).save(out, "PNG")
            archive.writestr(f"{('cat', 'dog')[n % 2]}/{n}.png", out.getvalue())
    return path


class PeakRss:
    """Samples a process's resident memory (this one's unless given a pid) while a block runs."""

    def __init__(self, pid: int | None = None) -> None:
        self._pid = pid

    def __enter__(self) -> PeakRss:
        self.peak, self._stop = 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        process = psutil.Process(self._pid)
        while not self._stop.is_set():
            self.peak = max(self.peak, process.memory_info().rss)
            time.sleep(0.05)

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


async def run(images: int, answers: int, postgres: str | None) -> dict[str, object]:
    work = Path(tempfile.mkdtemp(prefix="chatlabel-bench-"))
    url = postgres or f"sqlite+aiosqlite:///{work / 'bench.db'}"
    settings = make_settings(work, url, admins_console="bench")
    figures: dict[str, object] = {"database": "postgresql" if postgres else "sqlite"}
    async with open_game(settings, clock=FixedClock(WHEN), seed=False) as game:
        # Campaign 1 of the fill holds three quarters of the items, so it gets `answers` of them.
        players = 50_000
        total = (answers * 4 // 3 // players + 1) * players  # the fill gives each player as many answers
        started = time.perf_counter()
        if postgres:
            await fill_postgres(url, players, 200_000, total, WHEN)
        else:
            await asyncio.to_thread(fill_sqlite, str(work / "bench.db"), players, 200_000, total, WHEN)
        print(f"filled {total:,} answers in {time.perf_counter() - started:.1f} s")
        upload = image_zip(work / "upload.zip", images)
        pets = await game.campaigns.create(
            ADMIN, name="bench-pets", kind="image_category", question="Which animal?", choices="cat=Cat,dog=Dog"
        )
        started = time.perf_counter()
        imported = await game.campaigns.import_pack(ADMIN, pets.campaign_id, upload, form="zip", gold_share=0.2)
        seconds = time.perf_counter() - started
        figures["zip_import_images_per_s"] = round(imported.items / seconds, 1)
        print(f"zip import: {imported.items:,} images in {seconds:.1f} s")
        times, peaks = {}, []
        for fmt in ("parquet", "csv", "jsonl", "label_studio"):
            with PeakRss() as rss:
                started = time.perf_counter()
                result = await game.campaigns.export(ADMIN, 1, fmt, dest=work / f"export-{fmt}")
                times[fmt] = round(time.perf_counter() - started, 2)
            peaks.append(rss.peak / 2**20)
            print(
                f"export {fmt}: {result.items:,} items, {result.answers:,} answers, {result.bytes / 2**20:.0f} MB "
                f"in {times[fmt]} s, peak RSS {peaks[-1]:.0f} MB"
            )
        figures["export_answers"] = result.answers
        figures["export_seconds"] = times["parquet"]
        figures["export_seconds_by_format"] = times
        figures["export_peak_rss_mb"] = round(max(peaks), 1)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--postgres", help="an empty PostgreSQL database (postgresql+asyncpg://...)")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.images, args.answers, args.postgres))))


if __name__ == "__main__":
    main()
