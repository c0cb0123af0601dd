"""Small grammar every message shares: "1 point", "2 points", "1 token", "1.5 tokens", in the player's language
(Russian has three forms: 1 очко, 2 очка, 5 очков)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from bot.common.texts.i18n import ngettext

__all__ = ["count"]


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a plural pair for the catalog (`pybabel extract -k Nn_:1,2`); `count` translates it."""
    return singular, plural


# One word for each thing the game counts, everywhere: a gold item is a "check".
NOUNS: dict[str, tuple[str, str]] = {
    "point": Nn_("{n} point", "{n} points"),
    "token": Nn_("{n} token", "{n} tokens"),
    "day": Nn_("{n} day", "{n} days"),
    "player": Nn_("{n} player", "{n} players"),
    "item": Nn_("{n} item", "{n} items"),
    "check": Nn_("{n} check", "{n} checks"),
    "answer": Nn_("{n} answer", "{n} answers"),
    "labeler": Nn_("{n} labeler", "{n} labelers"),
    "claim": Nn_("{n} claim", "{n} claims"),
    "comparison": Nn_("{n} comparison", "{n} comparisons"),
    "row": Nn_("{n} row", "{n} rows"),
    "minute": Nn_("{n} minute", "{n} minutes"),
    "task": Nn_("{n} task", "{n} tasks"),
    "settled answer": Nn_("{n} settled answer", "{n} settled answers"),
    "shipped campaign": Nn_("{n} shipped campaign", "{n} shipped campaigns"),
}


def count(amount: int | float | str, one: str, many: str | None = None) -> str:
    """`amount` with its noun in the right number; amounts may be decimal strings (token amounts)."""
    forms = NOUNS.get(one)
    if forms is None or many is not None:  # a noun the catalogs do not know stays English
        plural = many if many is not None else one + "s"
        return f"{amount} {one if str(amount) in ('1', '-1') else plural}"
    return ngettext(*forms, plural_number(amount)).format(n=amount)


def plural_number(amount: int | float | str) -> int:
    """The whole number whose plural form `amount` takes. A fraction ("1.5") takes the form of 2 in every
    catalog here: "1.5 tokens", "1,5 токена", "1,5 tokens"."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return 2
    if value != value.to_integral_value():
        return 2
    return abs(int(value))
