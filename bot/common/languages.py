"""/language on every platform: a choice the game does not speak is refused before anything is stored."""

from __future__ import annotations

from bot.common import texts
from core.game.game import Game
from core.types import UserRef


async def choose(game: Game, user: UserRef, given: str) -> str:
    """Store the player's language ("es", or a platform's locale name such as "es-ES") and answer in it; a code
    the game does not speak gets the list of codes."""
    code = texts.supported(given.strip())
    if code is None:
        return texts.unknown_language(given.strip()[:16])
    await game.set_language(user, code)
    texts.use(code)  # the confirmation, and anything after it in this update, in the new language
    return texts.language_set(code)
