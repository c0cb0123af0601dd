"""Loading a pack folder of images: its report, re-encoded copies, and every refusal of a row or of the whole."""

from __future__ import annotations

from pathlib import Path

from core.content import UploadLimits, load_pack
from core.types import TaskKind
from tests.unit.content.conftest import png_bytes, write_image_pack


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
