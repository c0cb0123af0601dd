"""The one parser of typed whole numbers: ASCII digits only, bounded, the rule in the refusal."""

from __future__ import annotations

import pytest

from core.errors import NotAWholeNumber
from core.whole_numbers import INT32_MAX, is_digits, whole_number


@pytest.mark.parametrize("text", ["²", "٣", "1²", "-1", "+1", "1_000", "1.0", "", " ", "0x10", "99999999999999999999"])
def test_anything_but_bounded_ascii_digits_is_refused_with_the_rule(text: str) -> None:
    with pytest.raises(NotAWholeNumber, match=f"Task number must be a whole number from 1 to {INT32_MAX}"):
        whole_number(text, 1, INT32_MAX, "Task number")


def test_digit_strings_past_pythons_own_limit_are_refused_not_raised() -> None:
    for text in ("9" * 5000, "0" * 5000 + "1" * 5000):
        with pytest.raises(NotAWholeNumber):
            whole_number(text, 1, 10, "n")
    assert whole_number("0" * 5000 + "7", 1, 10, "n") == 7


def test_bounds_are_inclusive() -> None:
    assert whole_number(" 1 ", 1, 5, "n") == 1 and whole_number("5", 1, 5, "n") == 5
    for text in ("0", "6"):
        with pytest.raises(NotAWholeNumber):
            whole_number(text, 1, 5, "n")


def test_is_digits_is_ascii_only() -> None:
    assert is_digits("0123456789")
    assert not any(is_digits(t) for t in ("²", "٣", "", "1 "))
