"""Loading text rows (items.jsonl or items.csv): how each is read, measured, cleaned, and refused alone or whole."""

from __future__ import annotations

import json
from pathlib import Path

from core.content import UploadLimits, load_pack, load_url_csv
from tests.unit.content.conftest import LINKS_MANIFEST, TEXT_MANIFEST, write_text_pack


def test_jsonl_with_profile_fields_renders_one_text(tmp_path: Path) -> None:
    rows = [
        {"id": "p1", "name": "Ann", "bio": "Cook", "post": "Soup today", "known_answer": "human"},
        {"id": "t1", "text": "Buy now", "known_answer": "bot", "gold": True},
        {"id": "t2", "text": "No answer yet"},
    ]
    report = load_pack(write_text_pack(tmp_path / "p", rows))
    assert report.rejected == ()
    assert [i.text for i in report.pack.items] == ["Ann\nCook\n\nSoup today", "Buy now", "No answer yet"]
    assert report.pack.items[2].known_answer is None
    assert report.label_distribution == {"human": 1, "bot": 1, "": 1}


def test_text_too_long_is_rejected(tmp_path: Path) -> None:
    rows = [{"id": "long", "text": "x" * 50, "known_answer": "bot"}, {"id": "ok", "text": "hi"}]
    report = load_pack(write_text_pack(tmp_path / "p", rows), limits=UploadLimits(max_text_chars=40))
    assert report.items == 1
    assert "longer than 40" in report.rejected[0].reason


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    report = load_pack(write_text_pack(tmp_path / "p", [{"id": "a", "text": "hi\u202e\x07 there\nnext"}]))
    assert report.pack.items[0].text == "hi there\nnext"


def test_too_many_items_stops_the_import(tmp_path: Path) -> None:
    rows = [{"id": str(n), "text": "t"} for n in range(5)]
    report = load_pack(write_text_pack(tmp_path / "p", rows), limits=UploadLimits(max_items=3))
    assert report.pack is None and "more than 3 items" in report.rejected[-1].reason


def test_numeric_answers_must_be_numbers(tmp_path: Path) -> None:
    manifest = {**TEXT_MANIFEST, "kind": "numeric", "choices": []}
    root = write_text_pack(tmp_path / "p", [])
    (root / "manifest.json").write_text(json.dumps(manifest))
    (root / "items.jsonl").write_text(
        '{"id": "1", "text": "how many?", "known_answer": "3"}\n'
        '{"id": "2", "text": "how many?", "known_answer": "three"}\n'
        '{"id": "3", "text": "how many?", "known_answer": "nan"}\n'
        "not json\n"
    )
    report = load_pack(root)
    assert report.items == 1
    assert [r.where for r in report.rejected] == ["items.jsonl:2", "items.jsonl:3", "items.jsonl:4"]


def test_comparison_needs_two_answers(tmp_path: Path) -> None:
    manifest = {
        **TEXT_MANIFEST,
        "kind": "comparison",
        "choices": [{"key": "a", "label": "A"}, {"key": "b", "label": "B"}],
    }
    root = write_text_pack(tmp_path / "p", [])
    (root / "manifest.json").write_text(json.dumps(manifest))
    (root / "items.jsonl").write_text(
        '{"id": "1", "text": "Which?", "answers": ["x", "y"], "known_answer": "b", "gold": true}\n'
        '{"id": "2", "text": "Which?", "answer_a": "x", "answer_b": "y"}\n'
        '{"id": "3", "text": "Which?", "answers": ["x"]}\n'
        '{"id": "4", "answers": ["x", "y"]}\n'
    )
    report = load_pack(root)
    assert [i.answers for i in report.pack.items] == [("x", "y"), ("x", "y")]
    assert len(report.rejected) == 2


def test_deeply_nested_json_is_a_row_rejection(tmp_path: Path) -> None:
    root = write_text_pack(tmp_path / "p", [{"id": "ok", "text": "fine"}])
    with (root / "items.jsonl").open("a") as f:
        f.write("[" * 100_000 + "\n")
    report = load_pack(root)
    assert report.items == 1 and report.rejected[0].where == "items.jsonl:2"


def test_a_huge_json_integer_rejects_its_row_only(tmp_path: Path) -> None:
    root = write_text_pack(tmp_path / "p", [{"id": "ok", "text": "fine"}])
    with (root / "items.jsonl").open("a") as f:
        f.write('{"id": "big", "text": "x", "gold": ' + "9" * 5000 + "}\n")
        f.write('{"id": "after", "text": "still read"}\n')
    report = load_pack(root)
    assert [i.external_id for i in report.pack.items] == ["ok", "after"]
    assert [(r.where, r.reason) for r in report.rejected] == [
        ("items.jsonl:2", "not valid JSON: a number in it is too long")
    ]


def test_raw_line_separators_inside_json_strings_stay_in_their_row(tmp_path: Path) -> None:
    root = write_text_pack(tmp_path / "p", [])
    text = "first line\u2028second\u2029third\x85fourth"
    (root / "items.jsonl").write_text(
        json.dumps({"id": "1", "text": text}, ensure_ascii=False) + "\n" + '{"id": "2", "text": "next"}\n'
    )
    report = load_pack(root)
    assert report.rejected == ()
    assert [i.external_id for i in report.pack.items] == ["1", "2"]
    assert report.pack.items[0].text.startswith("first line")


def test_an_unterminated_csv_quote_rejects_the_file_with_a_reason(tmp_path: Path) -> None:
    root = tmp_path / "csv"
    root.mkdir()
    (root / "manifest.json").write_text(json.dumps(TEXT_MANIFEST))
    (root / "items.csv").write_text('id,text,known_answer\n1,fine,human\n2,"never closed,bot\n3,eaten,bot\n4,too,bot\n')
    report = load_pack(root, out_dir=tmp_path / "out")
    assert report.pack is None
    [failure] = report.rejected
    assert "not valid CSV in the row from line 3" in failure.reason
    assert not (tmp_path / "out").exists() or list((tmp_path / "out").iterdir()) == []


def test_item_text_is_measured_in_utf16_units(tmp_path: Path) -> None:
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,text\n"
        f"1,https://example.com/a.png,{'🔥' * 900}\n"  # 900 characters, 1,800 units: no caption holds it
        f"2,https://example.com/b.png,{'🔥' * 512}\n"
    )
    report = load_url_csv(links, LINKS_MANIFEST)
    assert [i.external_id for i in report.pack.items] == ["2"]
    assert "caption holds (1024 UTF-16 units)" in report.rejected[0].reason
    root = write_text_pack(tmp_path / "p", [{"id": "1", "text": "🔥" * 1500}, {"id": "2", "text": "🔥" * 1000}])
    text_report = load_pack(root)
    assert [i.external_id for i in text_report.pack.items] == ["2"]
    assert "longer than 2000 characters (UTF-16 units)" in text_report.rejected[0].reason
