"""/language: the choices, and the word that the game now speaks the player's choice."""

from __future__ import annotations

from bot.common.texts.i18n import LANGUAGES, N_, _

USAGE_LANGUAGE = N_("Use /language to see the languages, or /language <code>, e.g. /language es.")
LANGUAGE_CHOOSE = N_("🌐 Choose your language:")


def language_choices() -> str:
    """The list under which each language is a button (the terminal numbers them)."""
    lines = [f"{code} — {name}" for code, name in LANGUAGES.items()]
    return _(LANGUAGE_CHOOSE) + "\n" + "\n".join(lines)


def language_set(code: str) -> str:
    """Said in the language just chosen."""
    return _("🌐 From now on I speak {language} with you.").format(language=LANGUAGES[code])


def unknown_language(given: str) -> str:
    return _("I don't speak {given}. Choose one of: {codes}.").format(given=repr(given), codes=", ".join(LANGUAGES))
