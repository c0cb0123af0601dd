"""A task the chat platform refused to show (a picture it rejects, say): skipped for good, and its admins told.

Re-serving it would fail the same way for every player, so its item is withdrawn; the campaign's creator and the
configured admins get a notice naming the item and the platform's reason.
"""

from __future__ import annotations

import typing

from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import rows_changed
from core.db.tables import Assignment, Campaign, Identity, Item
from core.game import notices
from core.game.deps import GameDeps
from core.settings import Settings
from core.types import NoticeKind, Platform, UserRef

MAX_REASON = 200
WITHDRAWN = "withdrawn"  # the item's status from now on (a linked picture that cannot be fetched gets it too)


async def withdraw(deps: GameDeps, user: UserRef, task_id: int, reason: str) -> bool:
    """Withdraw the item behind the player's task `task_id`; False when it was not theirs or is gone already."""

    async def work(session: AsyncSession) -> bool:
        row = (
            await session.execute(
                select(col(Item.id), col(Item.external_id), col(Campaign.name), col(Campaign.created_by))
                .join(Assignment, col(Assignment.item_id) == col(Item.id))
                .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
                .join(Identity, col(Identity.account_id) == col(Assignment.account_id))
                .where(
                    col(Assignment.id) == task_id,
                    col(Identity.platform) == user.platform,
                    col(Identity.external_id) == user.external_id,
                )
            )
        ).first()
        if row is None:
            return False
        item_id, external_id, campaign, created_by = row
        changed = await session.execute(
            update(Item)
            .where(col(Item.id) == item_id, col(Item.status) == "open")
            .values(status=WITHDRAWN, withdrawn_reason=f"not shown in chat: {reason}"[:MAX_REASON])
        )
        if not rows_changed(changed):
            return False
        facts = {"campaign": campaign, "item": external_id, "reason": reason[:MAX_REASON]}
        for account_id in await _admins(session, deps.settings, created_by):
            await notices.queue(session, account_id, NoticeKind.TASK_UNDELIVERABLE, facts, deps.clock.now())
        return True

    return await deps.db.transaction(work)


async def _admins(session: AsyncSession, settings: Settings, created_by: str | None) -> list[int]:
    """Accounts of the campaign's creator and of every configured admin who has played (has an account)."""
    wanted = [
        (platform, external)
        for platform in typing.get_args(Platform)
        for external in getattr(settings.admins, platform)
    ]
    if created_by and ":" in created_by:
        platform, external = created_by.split(":", 1)
        wanted.append((platform, external))
    if not wanted:
        return []
    matches = or_(*(and_(col(Identity.platform) == p, col(Identity.external_id) == e) for p, e in wanted))
    found = await session.scalars(select(col(Identity.account_id)).where(matches).distinct())
    return sorted(set(found))
