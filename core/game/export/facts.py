"""What an export returns."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path


class ExportFormat(StrEnum):
    CSV = "csv"
    JSONL = "jsonl"
    LABEL_STUDIO = "label_studio"
    PARQUET = "parquet"

    @property
    def suffix(self) -> str:
        return {"csv": ".csv", "jsonl": ".jsonl", "label_studio": ".json", "parquet": ".parquet"}[self.value]


@dataclass(frozen=True, slots=True)
class ExportResult:
    campaign_id: int
    campaign: str
    format: ExportFormat
    path: Path
    items: int
    answers: int
    workers: int
    bytes: int
