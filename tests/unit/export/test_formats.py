"""The export writers on hand-made items, no database: escaping, shapes, and chunked writes."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

import pyarrow.parquet as pq
import pytest

from core.game.export.labelstudio import LabelStudioWriter, label_config
from core.game.export.parquet import ParquetWriter
from core.game.export.source import ExportAnswer, ExportItem, Pseudonyms
from core.game.export.text_formats import CsvWriter, JsonlWriter, safe_cell
from core.types import Choice, TaskKind

AT = datetime(2026, 1, 5, 10, tzinfo=UTC)


def item(n: int, text: str = "hello", answers: int = 2, **fields: object) -> ExportItem:
    values = {
        "item_id": n,
        "external_id": f"x{n}",
        "text": text,
        "image": None,
        "answers_shown": (),
        "status": "resolved",
        "label": "bot",
        "confidence": 0.9,
        "n_answers": answers,
        "known_answer": None,
        "gold": False,
        "answers": tuple(ExportAnswer(f"w{i}", "bot", AT, True, 0.5 * i) for i in range(answers)),
    }
    values.update(fields)
    return ExportItem(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+1", "'=1+1"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("-2", "'-2"),
        ("@cmd", "'@cmd"),
        ("\t=x", "'\t=x"),
        ("plain = text", "plain = text"),
        ("", ""),
    ],
)
def test_safe_cell(value: str, shown: str) -> None:
    assert safe_cell(value) == shown


def test_csv_rows_escape_every_text_cell(tmp_path: Path) -> None:
    writer = CsvWriter(tmp_path / "a.csv", {})
    writer.write([item(1, "=cmd|' /C calc'!A0", external_id="@id", label="-x")])
    writer.write([item(2, 'line\nbreak, comma "quote"', answers=0, label=None, confidence=None)])
    writer.close()
    with (tmp_path / "a.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows[0]["text"].startswith("'=") and rows[0]["external_id"] == "'@id" and rows[0]["label"] == "'-x"
    assert rows[1]["text"] == 'line\nbreak, comma "quote"' and rows[1]["confidence"] == "" and rows[1]["label"] == ""
    assert json.loads(rows[0]["answers"])[0] == {
        "worker": "w0",
        "choice": "bot",
        "answered_at": AT.isoformat(),
        "counted": True,
        "weight": 0.0,
    }


def test_jsonl_is_one_object_per_item(tmp_path: Path) -> None:
    writer = JsonlWriter(tmp_path / "a.jsonl", {})
    writer.write([item(1, "émoji 🤖"), item(2, answers_shown=("A", "B"))])
    writer.close()
    lines = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [line["item_id"] for line in lines] == [1, 2] and lines[0]["text"] == "émoji 🤖"
    assert lines[1]["answers_shown"] == ["A", "B"] and len(lines[1]["answers"]) == 2


def test_label_studio_json_is_one_array_written_in_chunks(tmp_path: Path) -> None:
    writer = LabelStudioWriter(tmp_path / "a.json", {"kind": "comparison"})
    writer.write([item(1, answers_shown=("first", "second"))])
    writer.write([item(2, label=None, answers=0), item(3)])
    writer.close()
    tasks = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert [t["data"]["item_id"] for t in tasks] == [1, 2, 3]
    assert tasks[0]["data"]["answer_a"] == "first" and tasks[0]["predictions"][0]["score"] == 0.9
    assert tasks[1]["predictions"] == [] and tasks[1]["annotations"] == []
    assert tasks[0]["annotations"][0]["result"][0]["value"] == {"choices": ["bot"]}


def test_label_studio_numeric_and_empty(tmp_path: Path) -> None:
    writer = LabelStudioWriter(tmp_path / "n.json", {"kind": "numeric"})
    writer.write([item(1, label="12", answers=0)])
    writer.close()
    task = json.loads((tmp_path / "n.json").read_text())[0]
    assert task["predictions"][0]["result"][0]["value"] == {"number": 12.0}
    empty = LabelStudioWriter(tmp_path / "e.json", {"kind": "bot_or_not"})
    empty.close()
    assert json.loads((tmp_path / "e.json").read_text()) == []


def test_label_config_names_the_controls_the_export_uses() -> None:
    config = label_config(TaskKind.IMAGE_BINARY, 'Is there a "cat"?', (Choice("yes", "Yes"), Choice("no", "No")))
    assert '<Choices name="label" toName="image"' in config and '<Choice value="yes" alias="Yes"/>' in config
    assert ElementTree.fromstring(config).find("Header").get("value") == 'Is there a "cat"?'
    assert '<Number name="label" toName="text"/>' in label_config(TaskKind.NUMERIC, "How many?", ())


def test_parquet_row_groups_follow_chunks(tmp_path: Path) -> None:
    writer = ParquetWriter(tmp_path / "a.parquet", {"name": "Bots"})
    writer.write([item(i, answers=i % 3) for i in range(5)])
    writer.write([item(9, answers=0, label=None, confidence=None)])
    writer.close()
    table = pq.read_table(tmp_path / "a.parquet")
    assert table.num_rows == 6 and pq.ParquetFile(tmp_path / "a.parquet").num_row_groups == 2
    rows = table.to_pylist()
    assert [len(r["answers"]) for r in rows] == [0, 1, 2, 0, 1, 0]
    assert rows[2]["answers"][1] == {"worker": "w1", "choice": "bot", "answered_at": AT, "counted": True, "weight": 0.5}
    assert rows[5]["label"] is None and table.schema.metadata[b"chatlabel.campaign"] == b"Bots"


def test_pseudonyms_follow_the_key() -> None:
    """One campaign's key gives the same pseudonyms in every export; another campaign's key other ones."""
    first, again, other = Pseudonyms(b"k" * 16), Pseudonyms(b"k" * 16), Pseudonyms(b"o" * 16)
    assert first(1) == first(1) != first(2)
    assert first(1) == again(1) and first(1) != other(1)
    assert len(first) == 2 and first(1).startswith("w") and len(first(1)) == 13
