"""What only the terminal game says: its menu of letters (the chat platforms have buttons and commands)."""

from __future__ import annotations

from pathlib import Path

from bot.common.texts.i18n import N_, _

CONSOLE_MENU = N_(
    "Answer with a number (s not sure · r broken item), or: c check-in · p profile · e earnings · t top · "
    "w top this week · i invite · l language · h help · q quit"
)
CONSOLE_LANGUAGE = N_("Type l and a code to choose, e.g. l es.")
CONSOLE_BYE = N_("Bye! Your progress is saved.")


def image_path(path: Path) -> str:
    """Under the terminal's preview of a task's picture: where the picture itself is."""
    return _("(image: {path})").format(path=path)
