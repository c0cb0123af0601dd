"""Level titles in the player's language.

Titles are the operator's (`[[levels.ladder]] title` in config.toml). The shipped ladder's titles are marked here
so the catalogs translate them; an operator's own titles have no entry and show as written.
"""

from __future__ import annotations

from bot.common.texts.i18n import N_, _

__all__ = ["level_title"]

SHIPPED_TITLES = (
    N_("Bot spotter"),
    N_("Image checker"),
    N_("Image sorter"),
    N_("Project labeler"),
    N_("Answer judge"),
)


def level_title(title: str) -> str:
    return _(title)
