"""What a refused request says, in the player's language: the core's sentence as written, translated, and
filled in after (a value that is itself a marked phrase, e.g. "A task number", is translated too)."""

from __future__ import annotations

from bot.common.texts.i18n import _
from core.errors import GameError

__all__ = ["refusal"]


def refusal(error: GameError) -> str:
    if not error.values:
        return _(error.template)
    values = {key: _(value) if isinstance(value, str) else value for key, value in error.values.items()}
    return _(error.template).format(**values)
