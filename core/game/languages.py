"""The language a player reads: the one they chose (/language), else the locale their platform reported.

The core stores codes and knows no catalog: the adapters decide which codes the game speaks and refuse the
others before calling here.
"""

from __future__ import annotations

import re

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Account, Identity
from core.errors import BadLanguage
from core.game.deps import GameDeps
from core.game.players import require
from core.types import UserRef

CODE = re.compile(r"[a-z]{2,3}\Z")  # ISO 639 codes, as the catalogs are named


async def chosen(deps: GameDeps, user: UserRef) -> str | None:
    """The player's chosen language, or None (not chosen, or not a player yet): one indexed read."""
    query = (
        select(col(Account.language))
        .join(Identity, col(Identity.account_id) == col(Account.id))
        .where(col(Identity.platform) == user.platform, col(Identity.external_id) == user.external_id)
    )
    # Asked before every update: a read that takes no lock (on SQLite a deferred transaction on the readers'
    # thread, so it never queues behind the answer path's writers).
    return await deps.db.run(lambda session: session.scalar(query), read_only=True)


async def choose(deps: GameDeps, user: UserRef, language: str) -> str:
    """Store the player's choice; every later reply and notice on every platform is in it."""
    if not CODE.match(language):
        raise BadLanguage(language)

    async def work(session: AsyncSession) -> str:
        account = await require(session, user)
        await session.execute(update(Account).where(col(Account.id) == stored_id(account)).values(language=language))
        return language

    return await deps.db.transaction(work)
