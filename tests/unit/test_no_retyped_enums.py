"""Lists of an enum's values are built from the enum: a list typed out by hand misses the next member added."""

from __future__ import annotations

import ast
import typing
from pathlib import Path

import pytest

from core.types import BoardScope, CampaignStatus, ExportFormat, NoticeKind, PackForm, Platform, TaskKind

ROOT = Path(__file__).resolve().parents[2]
DEFINED_IN = {ROOT / "core" / "types"}
VOCABULARIES: dict[str, set[str]] = {
    **{
        enum.__name__: {member.value for member in enum}
        for enum in (TaskKind, ExportFormat, NoticeKind, CampaignStatus)
    },
    **{name: set(typing.get_args(alias)) for name, alias in (("PackForm", PackForm), ("BoardScope", BoardScope))},
    "Platform": set(typing.get_args(Platform)),
}


def sources() -> list[Path]:
    files = [*ROOT.glob("core/**/*.py"), *ROOT.glob("bot/**/*.py"), ROOT / "cli.py", ROOT / "app.py"]
    return [f for f in files if "migrations" not in f.parts and not any(f == d or d in f.parents for d in DEFINED_IN)]


# Plain words (all, week, community; telegram, discord) are checked in lists only: prose uses them freely.
WORDS = {"BoardScope", "Platform"}


def retyped(tree: ast.AST) -> set[tuple[int, str]]:
    """(line, vocabulary) of every literal list of three or more of a vocabulary's values, or text naming them all."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            words = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(words) == len(node.elts) >= 3:
                found |= {(node.lineno, name) for name, values in VOCABULARIES.items() if set(words) <= values}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found |= {
                (node.lineno, name)
                for name, values in VOCABULARIES.items()
                if name not in WORDS and len(values) >= 3 and all(value in node.value for value in values)
            }
    return found


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_list_retypes_an_enum(path: Path) -> None:
    assert retyped(ast.parse(path.read_text(encoding="utf-8"))) == set()


def test_the_check_sees_a_retyped_list() -> None:
    assert retyped(ast.parse('KINDS = ("bot_or_not", "image_binary", "numeric")')) == {(1, "TaskKind")}
    assert retyped(ast.parse('HELP = "one of csv, jsonl, label_studio or parquet"')) == {(1, "ExportFormat")}
    assert retyped(ast.parse("KINDS = tuple(TaskKind)")) == set()
    assert retyped(ast.parse('SCOPES = ("all", "week", "community")')) == {(1, "BoardScope")}
    assert retyped(ast.parse('"""Leaderboards (all time, this week, per community)."""')) == set()
