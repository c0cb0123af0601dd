from __future__ import annotations

from pathlib import Path

from core.content import ChoiceSpec, PackManifest, UploadLimits, load_class_folders
from core.types import TaskKind
from tests.unit.content.conftest import png_bytes


def manifest(*keys: str) -> PackManifest:
    choices = tuple(ChoiceSpec(k, k.title()) for k in keys)
    return PackManifest("Pets", "1", TaskKind.IMAGE_CATEGORY, "Which animal?", choices, "CC0-1.0", "tests")


def make_folders(root: Path, classes: dict[str, int]) -> Path:
    for name, count in classes.items():
        (root / name).mkdir(parents=True)
        for n in range(count):
            (root / name / f"{n}.png").write_bytes(png_bytes(color=("red", "blue", "green")[n % 3]))
    return root


def test_folders_define_the_choices_when_the_manifest_has_none(tmp_path: Path) -> None:
    report = load_class_folders(make_folders(tmp_path / "p", {"Cat": 3, "dog": 2}), manifest())
    assert report.rejected == ()
    assert [c.key for c in report.pack.manifest.choices] == ["cat", "dog"]
    assert report.label_distribution == {"cat": 3, "dog": 2}
    assert report.gold_items == 0


def test_unknown_folders_symlinks_and_non_images_are_named(tmp_path: Path) -> None:
    root = make_folders(tmp_path / "p", {"cat": 2, "bird": 1})
    (root / "cat" / "notes.png").write_text("hello")
    (root / "cat" / "nested").mkdir()
    (root / "cat" / "link.png").symlink_to(root / "cat" / "0.png")
    (root / "stray.png").write_bytes(png_bytes())
    report = load_class_folders(root, manifest("cat", "dog"))
    assert report.items == 2
    reasons = {r.where: r.reason for r in report.rejected}
    assert "not one of the choices" in reasons["bird"]
    assert "not a class folder" in reasons["stray.png"]
    assert "symlink" in reasons["cat/link.png"]
    assert "nested" in reasons["cat/nested"]
    assert "not a readable image" in reasons["cat/notes.png"]


def test_gold_share_and_file_limit(tmp_path: Path) -> None:
    root = make_folders(tmp_path / "p", {"cat": 5, "dog": 5})
    report = load_class_folders(root, manifest("cat", "dog"), gold_share=0.3)
    assert report.gold_items == 3
    failed = load_class_folders(root, manifest("cat", "dog"), UploadLimits(max_files=4))
    assert failed.pack is None and "more than 4 files" in failed.rejected[-1].reason


def test_reencoded_output_can_be_loaded_again(tmp_path: Path) -> None:
    from core.content import load_pack

    root = make_folders(tmp_path / "p", {"cat": 2, "dog": 1})
    report = load_class_folders(root, manifest(), out_dir=tmp_path / "out")
    again = load_pack(tmp_path / "out")
    assert again.rejected == () and again.label_distribution == report.label_distribution
