"""Which language a sentence is in: gettext catalogs (bot/common/locale/<lang>/LC_MESSAGES/chatlabel.po) read with
Babel at first use, and the current player's language in a context variable that adapters set per update.

English is the source: a message missing from a catalog reads in English rather than failing.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "chatlabel"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DEFAULT = "en"
# Each language's own name, as the /language buttons show it.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский", "es": "Español"}

_current: ContextVar[str] = ContextVar("chatlabel_language", default=DEFAULT)


def supported(locale: str | None) -> str | None:
    """The game's language for a platform locale ("ru", "es-ES", "pt_BR"), or None when it has none."""
    if not locale:
        return None
    base = locale.replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def pick(*candidates: str | None) -> str:
    """The first supported of `candidates` (a stored choice, then the platform's locale); English when none is."""
    return next((found for c in candidates if (found := supported(c))), DEFAULT)


def use(*candidates: str | None) -> str:
    """Make `pick(*candidates)` the language of everything said from here on in this task."""
    language = pick(*candidates)
    _current.set(language)
    return language


def current() -> str:
    return _current.get()


@contextmanager
def speaking(language: str | None) -> Iterator[str]:
    """The block's sentences in `language` (a notice for its recipient), then the language it had before."""
    token = _current.set(supported(language) or DEFAULT)
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def catalog(language: str) -> gettext.NullTranslations:
    """The language's .po compiled in memory once: nothing to build at install, nothing fetched."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if language == DEFAULT or not path.exists():
        return gettext.NullTranslations()
    with path.open("rb") as source:
        messages = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    # gettext("") is the catalog's header, never a sentence.
    return catalog(current()).gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalog(current()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a module constant for the catalog; it is translated where it is read (`translated`)."""
    return message


def translated(value: object) -> object:
    """A constant read in the current language: a sentence, the sentences of a dict, or (name, line) pairs."""
    if isinstance(value, str):
        return _(value)
    if isinstance(value, dict):
        return {key: translated(line) for key, line in value.items()}
    if isinstance(value, tuple) and all(isinstance(pair, tuple) and len(pair) == 2 for pair in value):
        return tuple((name, _(line)) for name, line in value)
    return value
