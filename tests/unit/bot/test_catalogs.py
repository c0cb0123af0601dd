"""Every sentence in every language: the catalogs hold each message the code marks (extracted from the source
as `make messages` does), translated, with the same placeholders and every plural form of the language."""

from __future__ import annotations

import copy
import re
import string
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from bot.common import texts
from bot.common.texts import i18n

ROOT = Path(__file__).resolve().parents[3]
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None, "Nn_": (1, 2)}
OTHER_LANGUAGES = [code for code in texts.LANGUAGES if code != i18n.DEFAULT]
Message = str | tuple[str, str]


def source_messages() -> set[Message]:
    """What the code marks for translation, read from the source itself (a sentence added since the last
    `make messages` is missing from the catalogs, and this finds it)."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found: set[Message] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def catalog(language: str) -> Catalog:
    with (i18n.LOCALE_DIR / language / "LC_MESSAGES" / f"{i18n.DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=language)


def placeholders(text: str) -> set[tuple[str, str, str]]:
    """Each `{name!conversion:spec}` of a str.format sentence (the names, and how each is written)."""
    parsed = string.Formatter().parse(text)
    return {(name, spec or "", conversion or "") for _, name, spec, conversion in parsed if name}


COMMAND = re.compile(r"(?<![\w<])/[a-z]+")  # /play, /checkin: typed as they are in every language


def kept(text: str) -> tuple[set[str], set[str]]:
    """What a translation keeps as written: the emoji (symbols) and the commands."""
    emoji = {c for c in text if unicodedata.category(c) == "So" and not "\u2100" <= c <= "\u214f"}  # not №
    return emoji, set(COMMAND.findall(text))


def differs(source: str, translation: str) -> list[str]:
    found = []
    if placeholders(translation) != placeholders(source):
        found.append(f"placeholders differ: {source!r} -> {translation!r}")
    if kept(translation) != kept(source):
        found.append(f"emoji or commands differ: {source!r} -> {translation!r}")
    return found


def problems(translated: Catalog, wanted: set[Message]) -> list[str]:
    found = []
    for message in sorted(wanted, key=str):
        key = message if isinstance(message, str) else message[0]
        entry = translated.get(key)
        if entry is None or not entry.string or entry.fuzzy:
            found.append(f"not translated: {message!r}")
            continue
        if isinstance(message, str):
            found += differs(message, str(entry.string))
            continue
        forms = tuple(entry.string) if isinstance(entry.string, tuple | list) else (entry.string,)
        if len(forms) != translated.num_plurals or not all(forms):
            found.append(f"needs {translated.num_plurals} plural forms: {message!r} -> {forms!r}")
        for form in forms:
            found += differs(message[1], form)
    return found


@pytest.fixture(scope="module")
def wanted() -> set[Message]:
    return source_messages()


def test_the_source_marks_the_game_s_sentences(wanted: set[Message]) -> None:
    assert "This button is no longer valid." in wanted
    assert ("{n} point", "{n} points") in wanted
    assert "You haven't started yet: send /start first." in wanted  # the core's refusals too
    assert "Campaign {name} is {status}, so it can't {action}." in wanted  # and the admins'
    assert "The zero address cannot receive rewards." in wanted  # the wallet's, which reach players
    assert "Swipe or use ← →" in wanted and "Leaderboard" in wanted  # the Mini App's page, the cards


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_every_message_is_translated_with_the_same_placeholders(language: str, wanted: set[Message]) -> None:
    assert problems(catalog(language), wanted) == []


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_a_catalog_holds_only_what_the_source_says_and_nothing_fuzzy(language: str, wanted: set[Message]) -> None:
    """A sentence the code no longer says is dropped when the catalogs are merged; none waits for review."""
    held = catalog(language)
    entries = [entry for entry in held if entry.id]
    stale = [
        entry.id for entry in entries if (entry.id if isinstance(entry.id, str) else tuple(entry.id)) not in wanted
    ]
    assert stale == [] and [entry.id for entry in entries if entry.fuzzy] == []
    assert len(entries) == len(wanted)


def test_a_missing_translation_or_a_misspelled_placeholder_is_reported(wanted: set[Message]) -> None:
    broken = copy.deepcopy(catalog("ru"))
    broken["This button is no longer valid."].string = ""
    broken["🎉 You reached {level}!"].string = "🎉 Новый уровень: {levl}!"
    broken["Nobody has points yet. Be the first: /play"].string = "Очков пока ни у кого нет: /играть"
    entry = broken[("{n} point", "{n} points")[0]]
    entry.string = (entry.string[0], entry.string[1], "очков")  # the third form lost its number
    found = problems(broken, wanted)
    assert "not translated: 'This button is no longer valid.'" in found
    assert any("{levl}" in line for line in found)
    assert any("'очков'" in line for line in found)
    assert any("/играть" in line for line in found)


def test_russian_counts_in_three_forms_and_decimals_take_the_form_of_two() -> None:
    with texts.speaking("ru"):
        shown = [texts.count(n, "point") for n in (1, 2, 5, 11, 21, 22, 111)]
        assert shown == ["1 очко", "2 очка", "5 очков", "11 очков", "21 очко", "22 очка", "111 очков"]
        assert texts.count("1.5", "token") == "1.5 токена" and texts.count("1", "token") == "1 токен"
    with texts.speaking("es"):
        assert [texts.count(n, "point") for n in (1, 2, 1_000_000)] == ["1 punto", "2 puntos", "1000000 puntos"]


def test_a_platform_locale_picks_the_language_and_unknown_ones_fall_back_to_english() -> None:
    assert [texts.supported(code) for code in ("ru", "es-ES", "es_419", "pt-BR", "", None, "C.UTF-8")] == [
        "ru",
        "es",
        "es",
        None,
        None,
        None,
        None,
    ]
    with texts.speaking("pt-BR"):
        assert texts.current() == "en" and texts.STALE_BUTTON == "This button is no longer valid."


def test_constants_read_through_the_namespace_are_in_the_current_language() -> None:
    with texts.speaking("es"):
        assert texts.STALE_BUTTON == "Este botón ya no es válido."
        assert dict(texts.COMMANDS)["play"] == "recibir tu siguiente tarea"
        assert texts.USAGE_CAMPAIGN.startswith("Comandos de campaña (admins):")
    assert texts.STALE_BUTTON == "This button is no longer valid."
