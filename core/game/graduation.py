"""Applying a level change: the player's level, the first-time bonus, and the inviter's reward.

The rows move through the use case's `Payroll` (written in its lock order at the end); the bonuses are drawn on
today's engagement budget.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.db.uow import Tx
from core.game import notices
from core.game.deps import GameDeps
from core.game.money.payroll import Payroll
from core.types import LevelChange, NoticeKind


def change_level(
    session: Tx, deps: GameDeps, pay: Payroll, account: Any, new_level: int, now: datetime
) -> tuple[LevelChange, int]:
    """Move the player; returns the change and the points it paid them now."""
    ladder = deps.ladder
    change = LevelChange(account.level, new_level, ladder[account.level].title, ladder[new_level].title)
    first_time = new_level > account.best_level
    # A new level starts a new window: only gold answers given since entering it count.
    account.level, account.level_since, account.gold_recent = new_level, now, ""
    account.best_level = max(account.best_level, new_level)
    pay.set(account.id, level=new_level, level_since=now, best_level=account.best_level, gold_recent="")
    paid = 0
    if first_time:
        paid += pay.draw(session, account.id, deps.settings.levels.level_up_points, "level_up", str(new_level))
    if first_time and new_level == 1:
        paid += _reward_referral(session, deps, pay, account, now)
    return change, paid


def _reward_referral(session: Tx, deps: GameDeps, pay: Payroll, invitee: Any, now: datetime) -> int:
    """The inviter is paid only now, when the invitee has proved to be a good human labeler."""
    if invitee.invited_by is None or invitee.referral_rewarded:
        return 0
    rules = deps.settings.referrals
    pay.set(invitee.id, referral_rewarded=True)
    invitee.referral_rewarded = True
    paid = pay.draw(session, invitee.invited_by, rules.inviter_points, "referral", str(invitee.id))
    if paid:
        notices.push(
            session,
            invitee.invited_by,
            NoticeKind.REFERRAL_REWARD,
            {"invitee": invitee.display_name, "points": paid},
            now,
        )
    return pay.draw(session, invitee.id, rules.invitee_points, "referral_bonus", "joined")
