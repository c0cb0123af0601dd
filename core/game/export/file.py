"""Writing an export's file from chunks of items: in this process (`Tally`) or whole in a worker process
(`write_sqlite_export`, run through core.offload), where reading rows, building items and formatting the file
cost the bots' process none of its interpreter lock."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.orm import sessionmaker

from core.db.engine import build_sync_sqlite_reader
from core.game.export.source import CHUNK_ITEMS, ExportItem, Pseudonyms, chunk_of
from core.offload import Report
from core.types import ExportFormat


class Writer(Protocol):
    def write(self, items: list[ExportItem]) -> None: ...
    def close(self) -> None: ...


def writer_for(fmt: ExportFormat, path: Path, meta: dict[str, Any]) -> Writer:
    # Imported here so pyarrow loads only for Parquet exports.
    if fmt is ExportFormat.PARQUET:
        from core.game.export.parquet import ParquetWriter

        return ParquetWriter(path, meta)
    from core.game.export.labelstudio import LabelStudioWriter
    from core.game.export.text_formats import CsvWriter, JsonlWriter

    if fmt is ExportFormat.LABEL_STUDIO:
        return LabelStudioWriter(path, meta)
    return CsvWriter(path, meta) if fmt is ExportFormat.CSV else JsonlWriter(path, meta)


@dataclass
class Tally:
    """What has been written so far."""

    items: int = 0
    answers: int = 0
    workers: int = 0

    def add(self, chunk: list[ExportItem]) -> None:
        self.items += len(chunk)
        self.answers += sum(len(item.answers) for item in chunk)


def write_sqlite_export(
    url: str,
    campaign_id: int,
    key: bytes,
    fmt: ExportFormat,
    meta: dict[str, Any],
    path: Path,
    with_answers: bool,
    report: Report,
) -> Tally:
    """The whole file at `path`, each chunk read in its own short read transaction (a deferred BEGIN holds no
    lock the game's writers wait for); `report(items_done)` after each chunk. Runs in a worker process."""
    engine = build_sync_sqlite_reader(url)
    sessions = sessionmaker(engine, expire_on_commit=False, autoflush=False)
    pseudonym, tally, after = Pseudonyms(key), Tally(), 0
    writer = writer_for(fmt, path, meta)
    try:
        while True:
            with sessions() as session, session.begin():
                chunk = chunk_of(session, campaign_id, after, CHUNK_ITEMS, pseudonym, with_answers)
            if not chunk:
                break
            writer.write(chunk)
            tally.add(chunk)
            report(tally.items)
            after = chunk[-1].item_id
    finally:
        writer.close()
        engine.dispose()
    tally.workers = len(pseudonym)
    return tally
