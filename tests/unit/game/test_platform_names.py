"""Platform names read back from the database, where they are stored as text."""

from __future__ import annotations

import pytest

from core.types import PLATFORMS, platform_of


def test_every_platform_reads_back_as_itself() -> None:
    assert [platform_of(str(name)) for name in PLATFORMS] == ["telegram", "discord", "console"]


@pytest.mark.parametrize("stored", ["requester", "Telegram", "telegram ", ""])
def test_a_name_that_is_no_platform_is_refused(stored: str) -> None:
    with pytest.raises(ValueError, match="unknown platform"):
        platform_of(stored)
