"""/language on every platform: a choice the game does not speak is refused before anything is stored; and the
language of what is posted to a whole group."""

from __future__ import annotations

from collections.abc import Mapping

from bot.common import texts
from core.game.game import Game
from core.types import CommunityRef, UserRef


async def choose(game: Game, user: UserRef, given: str) -> str:
    """Store the player's language ("es", or a platform's locale name such as "es-ES") and answer in it; a code
    the game does not speak gets the list of codes."""
    code = texts.supported(given.strip())
    if code is None:
        return texts.unknown_language(given.strip()[:16])
    await game.set_language(user, code)
    texts.use(code)  # the confirmation, and anything after it in this update, in the new language
    return texts.language_set(code)


def most_spoken(spoken: Mapping[str | None, int]) -> str:
    """The group's language: the one most of its members read (a member whose language the game doesn't speak,
    or isn't known, reads English, the fallback). A tie goes to English, then to the first in LANGUAGES."""
    tally = dict.fromkeys(texts.LANGUAGES, 0)
    for code, members in spoken.items():
        tally[texts.supported(code) or texts.DEFAULT_LANGUAGE] += members
    order = list(texts.LANGUAGES)
    return max(order, key=lambda code: (tally[code], code == texts.DEFAULT_LANGUAGE, -order.index(code)))


async def of_group(game: Game, community: CommunityRef) -> str:
    """What the game posts to a group (quizzes, their results) is in the language most of its members read."""
    return most_spoken(await game.community_languages(community))
