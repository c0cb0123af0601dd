"""Cleaning, fitting and wrapping text for the cards."""

from __future__ import annotations

from bot.common.cards import split_comparison
from bot.common.cards.fonts import font
from bot.common.cards.text import ELLIPSIS, clean, compact, fit, label, percent, wrap


def test_clean_drops_controls_and_overrides() -> None:
    assert clean("a\x00b\x1b[0m\u202ec\u200bd") == "ab[0mcd"


def test_clean_keeps_lines_only_when_asked() -> None:
    assert clean("one\ntwo") == "one two"
    assert clean("one\r\ntwo\tthree", multiline=True) == "one\ntwo three"


def test_clean_keeps_scripts_the_font_has() -> None:
    assert clean("דוד Анна Ελένη محمد") == "דוד Анна Ελένη محمد"


def test_clean_drops_undrawable_emoji_but_marks_missing_letters() -> None:
    assert clean("Sam 🚀") == "Sam"
    assert clean("张伟") == "??"


def test_label_falls_back_when_nothing_drawable_is_left() -> None:
    assert label("🚀🚀", "Player") == "Player"
    assert label("\x00", "Player") == "Player"
    assert label("Mira", "Player") == "Mira"


def test_fit_cuts_with_an_ellipsis() -> None:
    face = font(20)
    cut = fit("a very long name " * 20, face, 200)
    assert cut.endswith(ELLIPSIS)
    assert face.getlength(cut) <= 200
    assert fit("short", face, 200) == "short"


def test_wrap_respects_width_and_line_limit() -> None:
    face = font(20)
    lines = wrap("word " * 500 + "x" * 300, face, 300, 4)
    assert len(lines) == 4
    assert lines[-1].endswith(ELLIPSIS)
    assert all(face.getlength(line) <= 300 for line in lines)


def test_wrap_breaks_words_longer_than_the_line() -> None:
    face = font(20)
    lines = wrap("y" * 200, face, 150, 50)
    assert len(lines) > 1
    assert "".join(lines) == "y" * 200


def test_percent_handles_unknown_values() -> None:
    assert percent(None) == "—"
    assert percent(float("nan")) == "—"
    assert percent(0.904) == "90%"
    assert percent(7.0) == "100%"


def test_split_comparison_finds_both_answers() -> None:
    parts = split_comparison("Define 'ephemeral'.\nA: Short-lived.\nB) Of the sea.")
    assert parts is not None
    assert (parts.prompt, parts.first, parts.second) == ("Define 'ephemeral'.", "Short-lived.", "Of the sea.")


def test_split_comparison_needs_a_then_b() -> None:
    assert split_comparison("no answers here") is None
    assert split_comparison("B: second\nA: first") is None


def test_compact_keeps_big_numbers_short() -> None:
    assert compact(12_480) == "12,480"
    assert compact(9_876_543_210) == "9.9B"
    assert compact(2_000_000) == "2M"
