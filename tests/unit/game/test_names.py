"""Display names: nothing that reorders, hides or breaks the text around them survives."""

from __future__ import annotations

import pytest

from core.names import MAX_NAME_CHARS, clean_name
from core.types import Standing, UserRef


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("\u202eevil\u202c", "evil"),  # right-to-left override
        ("\u2066Bob\u2069 \u2067x\u2068", "Bob x"),  # isolates
        ("A\u200bl\u200ci\u200dc\u2060e\ufeff", "Alice"),  # zero-width characters
        ("Ann\u061c\u200e\u200f", "Ann"),  # Arabic letter mark, LRM, RLM
        ("line\nbreak\ttab\r\x00\x07\x1b[31m", "line break tab [31m"),  # control characters
        ("  many \u3000\u00a0  spaces \u2028 here  ", "many spaces here"),
        ("\u202e\u200b\n", "Player"),  # nothing visible left
        ("Zoë 李 Ярослав 🔥", "Zoë 李 Ярослав 🔥"),  # real names stay as they are
    ],
)
def test_names_are_cleaned(raw: str, clean: str) -> None:
    assert clean_name(raw) == clean


def test_names_are_capped() -> None:
    assert clean_name("x" * 500) == "x" * MAX_NAME_CHARS


def test_names_are_cleaned_on_the_way_in_and_out() -> None:
    assert UserRef("telegram", "1", "\u202eLeader\u202c").display_name == "Leader"
    assert Standing(1, "\u202egnissim\u200b", 10, "Rookie").display_name == "gnissim"
