"""The player's invite code and how their invitations went."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.tables import Account
from core.game.deps import GameDeps
from core.game.players import require
from core.types import Invite, UserRef


async def invite(deps: GameDeps, user: UserRef) -> Invite:
    async def work(session: AsyncSession) -> Invite:
        account = await require(session, user)
        invited, rewarded = (
            await session.execute(
                select(func.count(), func.sum(case((col(Account.referral_rewarded).is_(True), 1), else_=0))).where(
                    col(Account.invited_by) == account.id
                )
            )
        ).one()
        return Invite(
            code=account.referral_code,
            invited=int(invited or 0),
            rewarded=int(rewarded or 0),
            reward_points=deps.settings.referrals.inviter_points,
            invitee_points=deps.settings.referrals.invitee_points,
        )

    return await deps.db.transaction(work)
