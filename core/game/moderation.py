"""A moderator's rights are what the community's platform said about them a moment ago.

Adapters ask the platform (getChatMember, a member's permissions) before a moderator or campaign command and the
core records the answer with its time (`Membership.moderator_checked_at`). The answer holds for
`admins.moderator_check_seconds`: a demoted group admin loses the rights within that time, and can be banned.
A community is moderated from its own platform only, whose adapter is the one able to ask.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.tables import Community, Identity, Membership
from core.game.deps import GameDeps
from core.types import UserRef


def confirmed_since(deps: GameDeps) -> datetime:
    """The oldest platform confirmation of a moderator that still counts."""
    return deps.clock.now() - timedelta(seconds=deps.settings.admins.moderator_check_seconds)


async def last_checked(session: AsyncSession, user: UserRef, community_id: int) -> Membership | None:
    """The caller's membership of the community, through their identity on the community's own platform."""
    return await session.scalar(
        select(Membership)
        .join(Identity, col(Identity.account_id) == col(Membership.account_id))
        .join(Community, col(Community.id) == col(Membership.community_id))
        .where(
            col(Identity.platform) == user.platform,
            col(Identity.external_id) == user.external_id,
            col(Community.platform) == user.platform,
            col(Membership.community_id) == community_id,
        )
    )


async def moderates(session: AsyncSession, user: UserRef, community_id: int, since: datetime) -> bool:
    """A moderator of the community as its platform confirmed since `since`, and not banned from it."""
    row = await last_checked(session, user, community_id)
    return row is not None and row.moderator and not row.banned and fresh(row, since)


def fresh(row: Membership | None, since: datetime) -> bool:
    """The platform answered about this member since `since` (either way)."""
    checked = row.moderator_checked_at if row is not None else None
    return checked is not None and checked >= since
