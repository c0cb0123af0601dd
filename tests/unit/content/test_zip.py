from __future__ import annotations

import stat
import zipfile
from pathlib import Path

import pytest

from core.content import PackManifest, UploadLimits, load_zip
from core.types import TaskKind
from tests.unit.content.conftest import MANIFEST, png_bytes


def make_zip(path: Path, files: dict[str, bytes], *, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def good_files(prefix: str = "") -> dict[str, bytes]:
    return {
        f"{prefix}manifest.toml": MANIFEST.encode(),
        f"{prefix}items.csv": b"id,image,known_answer,gold\n1,images/a.png,yes,1\n2,images/b.png,no,0\n",
        f"{prefix}images/a.png": png_bytes(),
        f"{prefix}images/b.png": png_bytes(color="blue"),
    }


def assert_nothing_left(dest: Path) -> None:
    assert not dest.exists() or not any(dest.iterdir())
    assert not any(p.name.startswith(".upload-") for p in dest.parent.iterdir())


@pytest.mark.parametrize("prefix", ["", "mypack/"])
def test_zip_of_a_pack_folder_imports_clean_copies(tmp_path: Path, prefix: str) -> None:
    dest = tmp_path / "imported"
    report = load_zip(make_zip(tmp_path / "up.zip", good_files(prefix)), dest)
    assert report.rejected == () and report.items == 2 and report.gold_items == 1
    assert report.pack.root == dest.resolve()
    assert all(item.image.parent == dest.resolve() / "images" for item in report.pack.items)
    assert sorted(p.name for p in dest.iterdir()) == ["images", "items.jsonl", "manifest.toml"]
    assert not any(p.name.startswith(".upload-") for p in tmp_path.iterdir())


def test_zip_of_class_folders_with_a_manifest(tmp_path: Path) -> None:
    manifest = PackManifest("Pets", "1", TaskKind.IMAGE_CATEGORY, "Which animal?", (), "CC0-1.0", "tests")
    files = {"cat/1.png": png_bytes(), "cat/2.png": png_bytes(), "dog/1.png": png_bytes(color="blue")}
    report = load_zip(make_zip(tmp_path / "up.zip", files), tmp_path / "out", manifest=manifest)
    assert report.rejected == ()
    assert report.label_distribution == {"cat": 2, "dog": 1}


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    files = {**good_files(), "images/bomb.png": b"\0" * (20 * 1024 * 1024)}
    dest = tmp_path / "out"
    report = load_zip(make_zip(tmp_path / "bomb.zip", files), dest, UploadLimits(max_file_bytes=50 * 1024 * 1024))
    assert report.pack is None and "zip bomb" in report.rejected[0].reason
    assert report.rejected[0].where == "images/bomb.png"
    assert_nothing_left(dest)


def test_zip_lying_about_its_sizes_is_refused(tmp_path: Path) -> None:
    """Declared sizes patched down to pass the checks; the real bytes still give it away."""
    path = make_zip(tmp_path / "liar.zip", {**good_files(), "items2.csv": b"x" * 400_000})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("items2.csv")
    central = data.index(b"PK\x01\x02" + data[data.index(b"PK\x01\x02") + 4 : data.index(b"PK\x01\x02") + 4])
    _patch_sizes(data, info.header_offset, local=True)
    for offset in _find_all(data, b"PK\x01\x02", start=central):
        if data[offset + 46 : offset + 46 + len(b"items2.csv")] == b"items2.csv":
            _patch_sizes(data, offset, local=False)
    path.write_bytes(bytes(data))
    dest = tmp_path / "out"
    report = load_zip(path, dest)
    assert report.pack is None
    assert any(word in report.rejected[0].reason for word in ("zip bomb", "not a readable ZIP"))
    assert_nothing_left(dest)


def _patch_sizes(data: bytearray, offset: int, *, local: bool) -> None:
    size_at = offset + (22 if local else 24)
    data[size_at : size_at + 4] = (1000).to_bytes(4, "little")


def _find_all(data: bytearray, needle: bytes, start: int) -> list[int]:
    found, at = [], data.find(needle, start)
    while at != -1:
        found.append(at)
        at = data.find(needle, at + 1)
    return found


@pytest.mark.parametrize("name", ["../evil.png", "/etc/evil.png", "images/../../evil.png", "C:/evil.png", "a\\..\\b"])
def test_traversal_paths_are_refused(tmp_path: Path, name: str) -> None:
    dest = tmp_path / "sub" / "out"
    report = load_zip(make_zip(tmp_path / "t.zip", {**good_files(), name: png_bytes()}), dest)
    assert report.pack is None and "path traversal" in report.rejected[0].reason
    assert not (tmp_path / "evil.png").exists()
    assert_nothing_left(dest)


def test_symlink_entries_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in good_files().items():
            archive.writestr(name, data)
        link = zipfile.ZipInfo("images/c.png")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    report = load_zip(path, tmp_path / "out")
    assert report.pack is None and "symlink" in report.rejected[0].reason


def test_too_many_files_and_too_large_upload(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {**good_files(), **{f"x/{n}.txt": b"x" for n in range(10)}})
    report = load_zip(path, tmp_path / "a", UploadLimits(max_files=5))
    assert report.pack is None and "too many files" in report.rejected[0].reason
    report = load_zip(path, tmp_path / "b", UploadLimits(max_upload_bytes=100))
    assert report.pack is None and "larger than 100" in report.rejected[0].reason


def test_not_a_zip_and_no_manifest(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.zip"
    bogus.write_bytes(b"PK\x03\x04 garbage")
    assert "not a readable ZIP" in load_zip(bogus, tmp_path / "a").rejected[0].reason
    files = {"images/a.png": png_bytes()}
    report = load_zip(make_zip(tmp_path / "nomanifest.zip", files), tmp_path / "b")
    assert "no manifest" in report.rejected[0].reason
    assert_nothing_left(tmp_path / "b")


def test_pack_with_only_bad_rows_leaves_nothing(tmp_path: Path) -> None:
    files = {**good_files(), "items.csv": b"id,image,known_answer\n1,images/a.png,maybe\n"}
    dest = tmp_path / "out"
    dest.mkdir()
    report = load_zip(make_zip(tmp_path / "bad.zip", files), dest)
    assert report.pack is None and "not a choice" in report.rejected[0].reason
    assert dest.is_dir() and not any(dest.iterdir())
    assert_nothing_left(dest)


def test_non_empty_destination_is_not_touched(tmp_path: Path) -> None:
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    report = load_zip(make_zip(tmp_path / "ok.zip", good_files()), dest)
    assert report.pack is None and (dest / "keep.txt").read_text() == "mine"


def test_many_small_bombs_are_refused_together(tmp_path: Path) -> None:
    files = {**good_files(), **{f"z/{n}.bin": b"\0" * (900 * 1024) for n in range(30)}}
    dest = tmp_path / "out"
    report = load_zip(make_zip(tmp_path / "many.zip", files), dest)
    assert report.pack is None and "archive-wide" in report.rejected[0].reason
    assert_nothing_left(dest)


def test_entries_clashing_on_disk_are_refused(tmp_path: Path) -> None:
    files = {**good_files(), "images/a.png/inner.png": png_bytes()}
    dest = tmp_path / "out"
    report = load_zip(make_zip(tmp_path / "clash.zip", files), dest)
    assert report.pack is None and "cannot unpack" in report.rejected[0].reason
    assert_nothing_left(dest)
