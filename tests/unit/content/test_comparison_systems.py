"""A comparison names the two systems that wrote its answers, in every loader that takes comparisons."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from core.content import load_pack, load_zip
from core.content.items_file import load_items_file
from core.content.limits import DEFAULT_LIMITS
from core.content.manifest import parse_manifest
from core.content.pack import PackItem

MANIFEST = {
    "name": "Arena",
    "version": "1",
    "kind": "comparison",
    "question": "Which answer is better?",
    "licence": "CC0-1.0",
    "attribution": "tests",
    "choices": [{"key": k, "label": k.upper()} for k in ("a", "b", "tie", "both_bad")],
}
ROWS = [
    {"id": "1", "text": "Capital of France?", "answers": ["Paris", "Lyon"], "system_a": "atlas", "system_b": "boreas"},
    {"id": "2", "text": "2 + 2?", "answer_a": "4", "answer_b": "5", "model_a": "boreas", "model_b": "atlas"},
    {"id": "3", "text": "Unnamed?", "answers": ["x", "y"]},
    {"id": "4", "text": "One-sided?", "answers": ["x", "y"], "system_a": "atlas"},
    {"id": "5", "text": "Long name?", "answers": ["x", "y"], "system_a": "s" * 81, "system_b": "t"},
]


def write_pack(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_text(json.dumps(MANIFEST))
    (root / "items.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS))
    return root


def systems(items: tuple[PackItem, ...]) -> dict[str, tuple[str, str] | None]:
    return {item.external_id: item.systems for item in items}


EXPECTED = {"1": ("atlas", "boreas"), "2": ("boreas", "atlas"), "3": None}


def test_a_pack_folder_carries_both_systems_or_neither(tmp_path: Path) -> None:
    report = load_pack(write_pack(tmp_path / "pack"))
    assert report.pack is not None and systems(report.pack.items) == EXPECTED
    reasons = {r.where: r.reason for r in report.rejected}
    assert "both systems" in reasons["items.jsonl:4"] and "longer than 80" in reasons["items.jsonl:5"]


def test_the_clean_copy_an_upload_becomes_keeps_the_systems(tmp_path: Path) -> None:
    load_pack(write_pack(tmp_path / "pack"), out_dir=tmp_path / "clean")
    again = load_pack(tmp_path / "clean")
    assert again.pack is not None and systems(again.pack.items) == EXPECTED


def test_a_zip_upload_carries_the_systems(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack")
    archive = tmp_path / "pack.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in ("manifest.json", "items.jsonl"):
            zf.write(root / name, name)
    report = load_zip(archive, tmp_path / "out")
    assert report.pack is not None and systems(report.pack.items) == EXPECTED


def test_a_bare_csv_items_file_carries_the_systems(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("id,text,answer_a,answer_b,system_a,system_b\n1,Which?,x,y,atlas,boreas\n2,Which?,x,y,,\n")
    report = load_items_file(path, parse_manifest(MANIFEST), DEFAULT_LIMITS)
    assert report.pack is not None and systems(report.pack.items) == {"1": ("atlas", "boreas"), "2": None}
