"""Applying a level change: the player's level, the first-time bonus, and the inviter's reward."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.tables import Account
from core.game import ledger, notices
from core.game.deps import GameDeps
from core.types import LevelChange, NoticeKind


async def change_level(
    session: AsyncSession, deps: GameDeps, account: Account, new_level: int, now: datetime
) -> tuple[LevelChange, int]:
    """Move the player; returns the change and the points it paid them now."""
    ladder = deps.ladder
    change = LevelChange(account.level, new_level, ladder[account.level].title, ladder[new_level].title)
    first_time = new_level > account.best_level
    await session.execute(
        update(Account)
        .where(Account.id == account.id)
        .values(level=new_level, level_since=now, best_level=max(account.best_level, new_level))
    )
    account.level, account.level_since = new_level, now
    account.best_level = max(account.best_level, new_level)
    paid = 0
    if first_time:
        paid += await ledger.credit(
            session, account.id, deps.settings.levels.level_up_points, "level_up", str(new_level), now
        )
    if first_time and new_level == 1:
        paid += await _reward_referral(session, deps, account, now)
    return change, paid


async def _reward_referral(session: AsyncSession, deps: GameDeps, invitee: Account, now: datetime) -> int:
    """The inviter is paid only now, when the invitee has proved to be a good human labeler."""
    if invitee.invited_by is None or invitee.referral_rewarded:
        return 0
    rules = deps.settings.referrals
    await session.execute(update(Account).where(Account.id == invitee.id).values(referral_rewarded=True))
    invitee.referral_rewarded = True
    await ledger.credit(session, invitee.invited_by, rules.inviter_points, "referral", str(invitee.id), now)
    await notices.queue(
        session,
        invitee.invited_by,
        NoticeKind.REFERRAL_REWARD,
        {"invitee": invitee.display_name, "points": rules.inviter_points},
        now,
    )
    return await ledger.credit(session, invitee.id, rules.invitee_points, "referral_bonus", "joined", now)
