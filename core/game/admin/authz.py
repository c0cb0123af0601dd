"""Who may run a campaign: the admins named in config anywhere, a community's moderators for its own campaigns.

A moderator's rights are what the community's platform said about them a moment ago (see `core.game.moderation`).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import RequesterJob
from core.db.tables import Community
from core.errors import NotAllowed, UnknownCommunity
from core.game.deps import GameDeps
from core.game.moderation import confirmed_since, moderates
from core.settings import Settings
from core.types import CommunityRef, UserRef

REQUESTER = "requester"  # the platform of a UserRef standing for an API client


def actor(user: UserRef) -> str:
    """How the audit trail and `created_by` name the caller."""
    return f"{user.platform}:{user.external_id}"


def is_admin(settings: Settings, user: UserRef) -> bool:
    return user.external_id in getattr(settings.admins, user.platform, ())


async def authorize(
    session: AsyncSession,
    deps: GameDeps,
    user: UserRef,
    community_id: int | None,
    what: str,
    campaign_id: int | None = None,
) -> None:
    """Raise NotAllowed unless the caller is an admin, or moderates `community_id` (None: admins only), or is
    the requester who posted `campaign_id` (a requester's rights end at its own jobs)."""
    if user.platform == REQUESTER:
        if campaign_id is not None and await posted_by(session, campaign_id) == int(user.external_id):
            return
        raise NotAllowed(what)
    if is_admin(deps.settings, user):
        return
    if community_id is not None and await moderates(session, user, community_id, confirmed_since(deps)):
        return
    raise NotAllowed(what)


async def community_id_of(session: AsyncSession, community: CommunityRef) -> int:
    """The id of a community as adapters know it (the chat or server they run in); UnknownCommunity if none."""
    found = await session.scalar(
        select(col(Community.id)).where(
            col(Community.platform) == community.platform, col(Community.external_id) == community.external_id
        )
    )
    if found is None:
        raise UnknownCommunity()
    return int(found)


async def existing_community_id(session: AsyncSession, value: int | str) -> int:
    """A campaign's `community_id` term as an admin gives it (an id, maybe typed as text); UnknownCommunity if none."""
    if isinstance(value, str):
        if not value.strip().isdigit():
            raise UnknownCommunity()
        value = int(value)
    found = await session.scalar(select(col(Community.id)).where(col(Community.id) == value))
    if found is None:
        raise UnknownCommunity()
    return int(found)


async def posted_by(session: AsyncSession, campaign_id: int) -> int | None:
    """The requester who posted the campaign through the API; None for campaigns made in chat or a terminal."""
    found = await session.scalar(
        select(col(RequesterJob.requester_id)).where(col(RequesterJob.campaign_id) == campaign_id)
    )
    return int(found) if found is not None else None
