"""The languages a community's members read, counted, so the adapters can post to the group in the one most of
them use (the core stores codes and knows no catalog; which codes the game speaks is the adapters' concern)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.tables import Account, Community, Membership
from core.game.deps import GameDeps
from core.types import CommunityRef


async def spoken(deps: GameDeps, ref: CommunityRef) -> dict[str | None, int]:
    """How many of the community's members (banned ones aside) read each language: their /language choice, else
    the locale their platform reported at /start; None counts the members of whom neither is known."""
    language = func.coalesce(col(Account.language), col(Account.locale))
    query = (
        select(language, func.count())
        .select_from(Membership)
        .join(Community, col(Community.id) == col(Membership.community_id))
        .join(Account, col(Account.id) == col(Membership.account_id))
        .where(
            col(Community.platform) == ref.platform,
            col(Community.external_id) == ref.external_id,
            col(Membership.banned).is_(False),
        )
        .group_by(language)
    )

    def read(session: Session) -> dict[str | None, int]:
        return {code: int(n) for code, n in session.execute(query).all()}

    return await deps.db.run(read, read_only=True)  # a lock-free read, like the player's own language
