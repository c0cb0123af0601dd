"""The game's use cases behind one object; each method is one transaction returning frozen facts."""

from __future__ import annotations

from core.game import accounts, answers, checkins, invites, notices, standings, tasks
from core.game.deps import GameDeps
from core.types import (
    CheckIn,
    Invite,
    Leaderboard,
    LinkCode,
    Linked,
    Notice,
    Outcome,
    Platform,
    Profile,
    Prompt,
    UserRef,
    Welcome,
)


class Game:
    def __init__(self, deps: GameDeps) -> None:
        self.deps = deps

    async def start(self, user: UserRef, referral_code: str | None = None) -> Welcome:
        """Join (or rejoin) the game, optionally through an invite code; serves the first task."""
        return await accounts.start(self.deps, user, referral_code)

    async def next_task(self, user: UserRef) -> Prompt:
        """The player's open task, or a new one."""
        return await tasks.next_task(self.deps, user)

    async def answer(self, user: UserRef, task_id: int, choice: str) -> Outcome:
        """Record an answer to the player's own task and serve the next one."""
        return await answers.answer(self.deps, user, task_id, choice)

    async def check_in(self, user: UserRef) -> CheckIn:
        """Today's check-in."""
        return await checkins.check_in(self.deps, user)

    async def invite(self, user: UserRef) -> Invite:
        """The player's invite code and how their invitations went."""
        return await invites.invite(self.deps, user)

    async def profile(self, user: UserRef) -> Profile:
        return await standings.profile(self.deps, user)

    async def leaderboard(
        self,
        user: UserRef | None = None,
        *,
        scope: str = "all",
        community: tuple[str, str] | None = None,
        limit: int = 10,
    ) -> Leaderboard:
        return await standings.leaderboard(self.deps, user, scope=scope, community=community, limit=limit)

    async def create_link_code(self, user: UserRef) -> LinkCode:
        """A one-time code that attaches another platform's identity to this account."""
        return await accounts.create_link_code(self.deps, user)

    async def link(self, user: UserRef, code: str) -> Linked:
        return await accounts.link(self.deps, user, code)

    async def pending_notices(self, platform: Platform, limit: int = 50) -> list[Notice]:
        return await self.deps.db.transaction(lambda s: notices.pending(s, platform, limit))

    async def mark_delivered(self, notice_ids: list[int]) -> None:
        now = self.deps.clock.now()
        await self.deps.db.transaction(lambda s: notices.mark_delivered(s, notice_ids, now))

    async def queue_streak_reminders(self) -> int:
        """Scheduled: notices for players whose streak ends unless they check in today."""
        return await checkins.queue_streak_reminders(self.deps)
