"""Telegram's limits in UTF-16 code units: measured and fitted without splitting a character."""

from __future__ import annotations

from core.text_units import fit_utf16, utf16_len


def test_astral_characters_count_two_units() -> None:
    assert utf16_len("abc") == 3
    assert utf16_len("🔥") == 2 and utf16_len("é漢") == 2
    assert utf16_len("🔥" * 1100) == 2200 == len(("🔥" * 1100).encode("utf-16-le")) // 2


def test_fitting_counts_units_and_keeps_characters_whole() -> None:
    fitted = fit_utf16("🔥" * 1100, 1024)
    assert utf16_len(fitted) <= 1024 and fitted.endswith("…")
    assert fitted == "🔥" * 511 + "…"
    odd = fit_utf16("a" + "🔥" * 600, 1024)  # the cut falls inside a surrogate pair: that character goes
    assert utf16_len(odd) <= 1024 and odd[-2] == "🔥"
    assert fit_utf16("short", 1024) == "short"
    assert fit_utf16("x" * 1024, 1024) == "x" * 1024
