from __future__ import annotations

import json
from pathlib import Path

from core.content import UploadLimits, load_pack
from core.types import TaskKind
from tests.unit.content.conftest import png_bytes, write_image_pack

TEXT_MANIFEST = {
    "name": "Bots",
    "version": "2",
    "kind": "bot_or_not",
    "question": "Human or bot?",
    "licence": "CC0-1.0",
    "attribution": "tests",
    "choices": [{"key": "human", "label": "Human"}, {"key": "bot", "label": "Bot"}],
}


def write_text_pack(root: Path, rows: list[dict[str, object]]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.json").write_text(json.dumps(TEXT_MANIFEST))
    (root / "items.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    return root


def test_folder_with_csv_loads_items_and_report(image_pack: Path) -> None:
    report = load_pack(image_pack)
    assert report.rejected == ()
    assert report.items == 2 and report.gold_items == 1
    assert report.label_distribution == {"yes": 1, "no": 1}
    pack = report.pack
    assert pack is not None and pack.manifest.kind is TaskKind.IMAGE_BINARY
    assert [c.key for c in pack.manifest.choices] == ["yes", "no"]
    first = pack.items[0]
    assert first.image is not None and first.image.is_absolute() and first.image.is_file()
    assert (first.external_id, first.known_answer, first.gold, first.source) == ("1", "yes", True, "test")


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


def test_out_dir_gets_reencoded_copies_without_metadata(image_pack: Path, tmp_path: Path) -> None:
    from PIL import Image

    with Image.open(image_pack / "images" / "a.png") as im:
        im.save(image_pack / "images" / "a.png", pnginfo=_text_chunk("secret", "gps"))
    report = load_pack(image_pack, out_dir=tmp_path / "clean")
    assert report.rejected == () and report.pack.root == (tmp_path / "clean").resolve()
    for item in report.pack.items:
        assert item.image.parent == (tmp_path / "clean" / "images").resolve()
        with Image.open(item.image) as im:
            assert "secret" not in im.info
    again = load_pack(tmp_path / "clean")
    assert again.rejected == () and again.items == 2


def _text_chunk(key: str, value: str) -> object:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


def test_each_bad_row_is_named_and_skipped(tmp_path: Path) -> None:
    rows = (
        "id,image,known_answer,gold\n"
        "ok,images/a.png,yes,1\n"
        "ok,images/b.png,no,0\n"  # duplicate id
        "bad,images/a.png,maybe,0\n"  # not a choice
        "nogold,images/a.png,,yes\n"  # gold without an answer
        "up,../outside.png,no,0\n"  # escapes the folder
        "abs,/etc/passwd,no,0\n"  # absolute
        "fake,images/fake.png,no,0\n"  # not an image
        "missing,images/none.png,no,0\n"
        "noimage,,no,0\n"
    )
    images = {"a.png": png_bytes(), "b.png": png_bytes(), "fake.png": b"\x89PNG\r\n\x1a\nnot really"}
    report = load_pack(write_image_pack(tmp_path / "p", rows, images))
    assert report.items == 1
    reasons = {r.where: r.reason for r in report.rejected}
    assert "duplicate id" in reasons["items.csv:3"]
    assert "not a choice" in reasons["items.csv:4"]
    assert "gold item needs a known answer" in reasons["items.csv:5"]
    assert "leaves its folder" in reasons["items.csv:6"]
    assert "absolute" in reasons["items.csv:7"]
    assert "not a readable image" in reasons["items.csv:8"]
    assert "not a file" in reasons["items.csv:9"]
    assert "needs an image" in reasons["items.csv:10"]


def test_text_too_long_is_rejected(tmp_path: Path) -> None:
    rows = [{"id": "long", "text": "x" * 50, "known_answer": "bot"}, {"id": "ok", "text": "hi"}]
    report = load_pack(write_text_pack(tmp_path / "p", rows), limits=UploadLimits(max_text_chars=40))
    assert report.items == 1
    assert "longer than 40" in report.rejected[0].reason


def test_control_characters_are_stripped(tmp_path: Path) -> None:
    report = load_pack(write_text_pack(tmp_path / "p", [{"id": "a", "text": "hi\u202e\x07 there\nnext"}]))
    assert report.pack.items[0].text == "hi there\nnext"


def test_symlinked_image_is_refused(image_pack: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes())
    (image_pack / "images" / "link.png").symlink_to(outside)
    (image_pack / "images" / "inner.png").symlink_to(image_pack / "images" / "a.png")
    (image_pack / "items.csv").write_text("id,image,known_answer\n1,images/link.png,yes\n2,images/inner.png,no\n")
    report = load_pack(image_pack)
    assert report.pack is None
    assert sum("symlink" in r.reason for r in report.rejected) == 2


def test_huge_images_are_refused_from_their_header(image_pack: Path) -> None:
    (image_pack / "images" / "huge.png").write_bytes(huge_png(20_000, 20_000))
    (image_pack / "images" / "big.png").write_bytes(huge_png(6_000, 6_000))
    (image_pack / "items.csv").write_text(
        "id,image,known_answer\n1,images/huge.png,yes\n2,images/big.png,yes\n3,images/a.png,no\n"
    )
    report = load_pack(image_pack)
    assert report.items == 1
    assert [("too many pixels" in r.reason) for r in report.rejected] == [True, True]
    assert "6000x6000" in report.rejected[1].reason


def huge_png(width: int, height: int) -> bytes:
    """A PNG header declaring a huge image over a few bytes of data: decoding it would need gigabytes."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def test_too_many_items_stops_the_import(tmp_path: Path) -> None:
    rows = [{"id": str(n), "text": "t"} for n in range(5)]
    report = load_pack(write_text_pack(tmp_path / "p", rows), limits=UploadLimits(max_items=3))
    assert report.pack is None and "more than 3 items" in report.rejected[-1].reason


def test_too_many_images_stops_the_import_and_leaves_no_output(image_pack: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    report = load_pack(image_pack, limits=UploadLimits(max_files=1), out_dir=out)
    assert report.pack is None and "more than 1 images" in report.rejected[-1].reason
    assert not out.exists()


def test_missing_or_bad_manifest_fails_whole(image_pack: Path) -> None:
    (image_pack / "manifest.toml").write_text(
        (image_pack / "manifest.toml").read_text().replace("image_binary", "poetry")
    )
    report = load_pack(image_pack)
    assert report.pack is None and "kind" in report.rejected[0].reason
    (image_pack / "manifest.toml").unlink()
    assert "no manifest" in load_pack(image_pack).rejected[0].reason


def test_broken_csv_and_bad_encoding_fail_whole(image_pack: Path) -> None:
    (image_pack / "items.csv").write_bytes(b"id,text\n1,\xff\xfe\n")
    assert "not UTF-8" in load_pack(image_pack).rejected[0].reason


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


def test_a_broken_link_rejects_its_row(tmp_path: Path) -> None:
    from core.content import PackManifest, load_url_csv
    from core.content.pack import ChoiceSpec

    manifest = PackManifest(
        "Cats", "1", TaskKind.IMAGE_BINARY, "Cat?", (ChoiceSpec("yes", "Yes"), ChoiceSpec("no", "No")), "CC0", "t"
    )
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,known_answer\n"
        "1,http://[::1,yes\n"
        "2,http://example.com:99999/x.png,no\n"
        "3,http://example.com:port/x.png,no\n"
        "4,https://example.com/cat.png,yes\n"
    )
    report = load_url_csv(links, manifest)
    assert [i.external_id for i in report.pack.items] == ["4"]
    assert [(r.where, "malformed" in r.reason) for r in report.rejected] == [
        ("links.csv:2", True),
        ("links.csv:3", True),
        ("links.csv:4", True),
    ]


def test_item_text_is_measured_in_utf16_units(tmp_path: Path) -> None:
    from core.content import PackManifest, load_url_csv
    from core.content.pack import ChoiceSpec

    manifest = PackManifest(
        "Cats", "1", TaskKind.IMAGE_BINARY, "Cat?", (ChoiceSpec("yes", "Yes"), ChoiceSpec("no", "No")), "CC0", "t"
    )
    links = tmp_path / "links.csv"
    links.write_text(
        "id,url,text\n"
        f"1,https://example.com/a.png,{'🔥' * 900}\n"  # 900 characters, 1,800 units: no caption holds it
        f"2,https://example.com/b.png,{'🔥' * 512}\n"
    )
    report = load_url_csv(links, manifest)
    assert [i.external_id for i in report.pack.items] == ["2"]
    assert "caption holds (1024 UTF-16 units)" in report.rejected[0].reason
    root = write_text_pack(tmp_path / "p", [{"id": "1", "text": "🔥" * 1500}, {"id": "2", "text": "🔥" * 1000}])
    text_report = load_pack(root)
    assert [i.external_id for i in text_report.pack.items] == ["2"]
    assert "longer than 2000 characters (UTF-16 units)" in text_report.rejected[0].reason
