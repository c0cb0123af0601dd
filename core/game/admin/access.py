"""Before a campaign command: whose platform must vouch for the caller, and whether the caller may go ahead.

Adapters ask `to_confirm` first; when it names a community, they ask that community's platform whether the caller
administers it and record the answer (`Game.record_moderator`). `check` then refuses before a file is downloaded
or a progress message shown, so a refusal has no side effect.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Community
from core.errors import UnknownCampaign, UnknownCommunity
from core.game.admin import campaigns, imports
from core.game.admin.authz import authorize, community_id_of, is_admin
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.game.moderation import confirmed_since, fresh, last_checked
from core.sentences import N_
from core.types import CommunityRef, UserRef, platform_of

Action = Literal["import", "export"]


async def to_confirm(
    deps: GameDeps, user: UserRef, campaign: CampaignRef | None, community: CommunityRef | None = None
) -> CommunityRef | None:
    """The community (the campaign's, or where a new one is made) whose platform must confirm the caller now;
    None when there is nothing to ask: the game's admins, no community, or the platform answered moments ago."""
    if is_admin(deps.settings, user):
        return None

    async def work(session: AsyncSession) -> CommunityRef | None:
        try:
            if campaign is not None:
                found = (await campaigns.find(session, campaign)).community_id
            else:
                found = await community_id_of(session, community) if community is not None else None
        except (UnknownCampaign, UnknownCommunity):
            return None  # the command itself says so
        if found is None:
            return None
        if fresh(await last_checked(session, user, found), confirmed_since(deps)):
            return None
        where = await session.get(Community, found)
        if where is None:
            return None
        return CommunityRef(platform_of(where.platform), where.external_id, where.title)

    return await deps.db.transaction(work)


async def check(deps: GameDeps, user: UserRef, campaign: CampaignRef, action: Action) -> None:
    """NotAllowed (or UnknownCampaign, WrongStatus for imports into a closed one) before any work starts."""

    async def work(session: AsyncSession) -> None:
        if action == "import":
            await imports.allowed(session, deps, user, campaign)
            return
        found = await campaigns.find(session, campaign)
        await authorize(session, deps, user, found.community_id, N_("export campaigns"), found.id)

    await deps.db.transaction(work)
