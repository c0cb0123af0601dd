"""What a Mini App call may carry, checked before the game sees it; bad input gets a sentence, not a 500."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.common import texts

MAX_TASK_ID = 2**63 - 1
MAX_CHOICE_CHARS = 64  # the longest choice key the tables hold


class BadRequest(Exception):
    """The call is malformed; the message is shown as is."""


def task_id_of(body: Mapping[str, Any]) -> int:
    value = body.get("task_id")
    if isinstance(value, str) and value.isdecimal() and len(value) <= 19:
        value = int(value)  # from the path
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_TASK_ID:
        raise BadRequest(texts.MINI_APP_BAD_TASK)
    return value


def choice_of(body: Mapping[str, Any]) -> str:
    value = body.get("choice")
    if not isinstance(value, str) or not 0 < len(value) <= MAX_CHOICE_CHARS:
        raise BadRequest(texts.MINI_APP_BAD_CHOICE)
    return value
