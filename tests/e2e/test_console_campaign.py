"""An admin runs a campaign from the terminal: create, import with a progress bar, start, stats, export."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import cli
from tests.integration.admin.conftest import text_rows, write_text_pack


@pytest.fixture
def console_admin(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("CHATLABEL_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("CHATLABEL_ADMINS_CONSOLE", "boss")
    return tmp_path


def chatlabel(*argv: str) -> int:
    return cli.main(["campaign", "--as", argv[0], *argv[1:]])


def test_an_admin_runs_a_campaign_from_the_terminal(console_admin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = write_text_pack(console_admin / "pack", text_rows(12))
    assert (
        chatlabel(
            "boss",
            "new",
            "Spam 2026",
            "--kind",
            "bot_or_not",
            "--question",
            "Human or bot?",
            "--choices",
            "human=Human,bot=Bot",
        )
        == 0
    )
    assert "): draft" in capsys.readouterr().out
    assert chatlabel("boss", "import", "Spam 2026", str(pack)) == 0
    captured = capsys.readouterr()
    assert "Imported 12 items (4 gold)" in captured.out
    assert "import [" in captured.err and "100%" in captured.err  # the progress bar
    assert chatlabel("boss", "set", "Spam 2026", "max_overlap", "5") == 0
    assert "overlap 3-5" in capsys.readouterr().out
    assert chatlabel("boss", "start", "Spam 2026") == 0
    assert chatlabel("boss", "stats", "Spam 2026") == 0
    assert "Items: 12 (4 gold)" in capsys.readouterr().out
    out = console_admin / "spam.csv"
    assert chatlabel("boss", "export", "Spam 2026", "csv", "--out", str(out)) == 0
    assert "export [" in capsys.readouterr().err
    with out.open(newline="") as handle:
        assert len(list(csv.DictReader(handle))) == 12


def test_others_are_refused_and_nothing_changes(console_admin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert chatlabel("mallory", "new", "Mine", "--kind", "bot_or_not", "--question", "q", "--choices", "a,b") == 1
    assert "admin" in capsys.readouterr().out.lower()
    assert chatlabel("boss", "stats", "Mine") == 1  # it was never created


def test_numbers_beyond_the_columns_get_the_rule(console_admin: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = (
        "new",
        "Spam 2026",
        "--kind",
        "bot_or_not",
        "--question",
        "Human or bot?",
        "--choices",
        "human=Human,bot=Bot",
    )
    assert chatlabel("boss", *new) == 0
    capsys.readouterr()
    for value in ("99999999999999999999", "²", "9" * 5000):
        assert chatlabel("boss", "set", "Spam 2026", "points_per_item", value) == 1
        assert capsys.readouterr().out.strip() == "points_per_item must be a whole number from 0 to 2147483647."
    assert chatlabel("boss", "set", "Spam 2026", "points_per_item", "25") == 0
