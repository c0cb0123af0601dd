"""Choice keys are read whole: a key with a trailing newline is refused, not taken for the key before it."""

from __future__ import annotations

import pytest

from core.content.manifest import ManifestError, parse_choices


def test_a_trailing_newline_is_not_part_of_a_valid_key() -> None:
    with pytest.raises(ManifestError):
        parse_choices([{"key": "yes\n", "label": "Yes"}, {"key": "no", "label": "No"}])


def test_plain_keys_are_read() -> None:
    keys = [choice.key for choice in parse_choices([{"key": "yes", "label": "Yes"}, {"key": "no-2", "label": "No"}])]
    assert keys == ["yes", "no-2"]
