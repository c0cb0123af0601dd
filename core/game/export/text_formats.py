"""CSV (one row per item, formula text defused) and JSONL (one object per item) writers."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import IO, Any

from core.game.export.source import ExportItem

CSV_COLUMNS = (
    "item_id",
    "external_id",
    "text",
    "image",
    "answers_shown",
    "system_a",
    "system_b",
    "status",
    "label",
    "confidence",
    "n_answers",
    "known_answer",
    "gold",
    "answers",
)
# A spreadsheet runs a cell starting with one of these as a formula (tab and CR too, in some of them).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Prefix a quote so the cell shows as text: the usual defence against CSV formula injection."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def item_record(item: ExportItem) -> dict[str, Any]:
    """The item as plain JSON-ready values; every format starts from this."""
    return {
        "item_id": item.item_id,
        "external_id": item.external_id,
        "text": item.text,
        "image": item.image,
        "answers_shown": list(item.answers_shown),
        "system_a": item.system_a,
        "system_b": item.system_b,
        "status": item.status,
        "label": item.label,
        "confidence": item.confidence,
        "n_answers": item.n_answers,
        "known_answer": item.known_answer,
        "gold": item.gold,
        "answers": [
            {
                "worker": a.worker,
                "choice": a.choice,
                "answered_at": a.answered_at.isoformat(),
                "counted": a.counted,
                "weight": a.weight,
            }
            for a in item.answers
        ],
    }


class CsvWriter:
    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(CSV_COLUMNS)

    def write(self, items: list[ExportItem]) -> None:
        rows = []
        for item in items:
            record = item_record(item)
            record["answers_shown"] = json.dumps(record["answers_shown"], ensure_ascii=False)
            record["answers"] = json.dumps(record["answers"], ensure_ascii=False, separators=(",", ":"))
            rows.append([_cell(record[column]) for column in CSV_COLUMNS])
        self._csv.writerows(rows)

    def close(self) -> None:
        self._file.close()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value) if isinstance(value, str) else value


class JsonlWriter:
    def __init__(self, path: Path, meta: dict[str, Any]) -> None:
        self._file: IO[str] = path.open("w", encoding="utf-8")

    def write(self, items: list[ExportItem]) -> None:
        self._file.writelines(json.dumps(item_record(item), ensure_ascii=False) + "\n" for item in items)

    def close(self) -> None:
        self._file.close()
