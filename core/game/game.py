"""The game's use cases behind one object; each method is one transaction returning frozen facts."""

from __future__ import annotations

from pathlib import Path

from core.assist import job as assist_job
from core.game import (
    accounts,
    answers,
    appeals,
    checkins,
    claims,
    communities,
    community_languages,
    invites,
    languages,
    link_images,
    live_messages,
    notices,
    quizzes,
    receipts,
    refit,
    set_aside,
    standings,
    task_images,
    tasks,
    undeliverable,
    wallets,
)
from core.game.admin import CampaignAdmin
from core.game.community_prefs import CommunityPrefs
from core.game.deps import GameDeps
from core.game.link_images import LinkFetches
from core.game.money import earnings
from core.game.money.facade import Economy
from core.game.requesters.facade import Requesters
from core.game.wallets import WalletProofs
from core.sentences import N_
from core.types import (
    SET_ASIDE,
    AppealFacts,
    Audit,
    BoardScope,
    CheckIn,
    ClaimFacts,
    CommunityInfo,
    CommunityRef,
    Earnings,
    Invite,
    Leaderboard,
    LinkCode,
    Linked,
    Notice,
    Outcome,
    Platform,
    Profile,
    Prompt,
    Quiz,
    QuizAnswer,
    QuizResult,
    ReceiptFacts,
    UserRef,
    WalletChallenge,
    WalletInfo,
    WalletLinked,
    Welcome,
)


class Game:
    def __init__(self, deps: GameDeps) -> None:
        self.deps = deps
        self.campaigns = CampaignAdmin(deps)  # admin use cases: create, import, terms, status, stats, export
        self.requesters = Requesters(deps, self.campaigns)  # API clients: keys, jobs, idempotent POSTs
        self.prefs = CommunityPrefs(deps)  # per-server roles per level and daily quiz channels
        self.wallet_proofs: WalletProofs | None = None  # set by the composition root when payouts are on
        self.economy = Economy(deps)  # pools, funding, the engagement budget, the audit

    async def ledger_audit(self, treasury_units: int) -> Audit:
        """Everything owed (pools, budgets, players, claims) against what the treasury holds, every figure."""
        return await self.economy.audit(treasury_units)

    async def start(self, user: UserRef, referral_code: str | None = None, locale: str | None = None) -> Welcome:
        """Join (or rejoin) the game, optionally through an invite code; serves the first task. `locale` is
        what the platform says the player reads, kept for the notices sent to them later."""
        return await accounts.start(self.deps, user, referral_code, locale)

    async def language(self, user: UserRef) -> str | None:
        """The language the player chose with /language, or None."""
        return await languages.chosen(self.deps, user)

    async def set_language(self, user: UserRef, language: str) -> str:
        """The player's choice of language, for every reply and notice from now on."""
        return await languages.choose(self.deps, user, language)

    async def next_task(self, user: UserRef) -> Prompt:
        """The player's open task, or a new one."""
        return await tasks.next_task(self.deps, user)

    async def task_posted(self, user: UserRef, message_ref: str) -> str | None:
        """A new task message is the player's live one; returns the one it retires (its buttons to take away)."""
        return await live_messages.posted(self.deps, user, message_ref)

    async def live_task(self, user: UserRef) -> str | None:
        """The player's live task message (None: none kept yet); a press on any other one is stale."""
        return await live_messages.live(self.deps, user)

    async def undeliverable(self, user: UserRef, task_id: int, reason: str) -> bool:
        """The platform refused to show this task: never serve its item again, and tell the campaign's admins."""
        return await undeliverable.withdraw(self.deps, user, task_id, reason)

    async def answer(self, user: UserRef, task_id: int, choice: str) -> Outcome:
        """Record an answer to the player's own task (or set it aside: SKIP, REPORT) and serve the next one."""
        if choice in SET_ASIDE:
            return await set_aside.set_aside(self.deps, user, task_id, choice)
        return await answers.answer(self.deps, user, task_id, choice)

    async def task_image(self, user: UserRef, task_id: int) -> Path | None:
        """The picture of the player's own task (NotYourTask for anyone else's)."""
        return await task_images.task_image(self.deps, user, task_id)

    async def task_instructions(self, user: UserRef, task_id: int) -> str:
        """The instructions of the campaign of the player's own task, for its "?" button; the task stays open."""
        return await task_images.task_instructions(self.deps, user, task_id)

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
        scope: BoardScope = "all",
        community: CommunityRef | None = None,
        limit: int = 10,
    ) -> Leaderboard:
        return await standings.leaderboard(self.deps, user, scope=scope, community=community, limit=limit)

    async def create_link_code(self, user: UserRef) -> LinkCode:
        """A one-time code that attaches another platform's identity to this account."""
        return await accounts.create_link_code(self.deps, user)

    async def link(self, user: UserRef, code: str) -> Linked:
        return await accounts.link(self.deps, user, code)

    async def pending_notices(self, platform: Platform, limit: int = 50) -> list[Notice]:
        """Claims the notices it returns: another worker's call returns others (see `notices.pending`)."""
        now = self.deps.clock.now()
        return await self.deps.db.transaction(lambda s: notices.pending(s, platform, limit, now))

    async def mark_delivered(self, notice_ids: list[int]) -> None:
        now = self.deps.clock.now()
        await self.deps.db.transaction(lambda s: notices.mark_delivered(s, notice_ids, now))

    async def fetch_link_images(self) -> LinkFetches:
        """Scheduled: fetch the images of link packs ahead of serving (bad links withdraw their items)."""
        return await link_images.fetch_pending(self.deps)

    async def queue_streak_reminders(self) -> int:
        """Scheduled: notices for players whose streak ends unless they check in today."""
        return await checkins.queue_streak_reminders(self.deps)

    async def why(self, user: UserRef, task_id: int) -> ReceiptFacts:
        """The receipt of one of the player's own settled answers: the label decided and what it earned, how."""
        return await receipts.receipt(self.deps, user, task_id)

    async def appeal(self, user: UserRef, campaign_id: int) -> AppealFacts:
        """A suspended player asks a moderator or admin to review their suspension from a campaign."""
        return await appeals.appeal(self.deps, user, campaign_id)

    async def refit(self, campaign_id: int | None = None) -> None:
        """Scheduled: relearn worker models, spam weights and open posteriors per active campaign (or one)."""
        await refit.refit(self.deps, campaign_id)

    async def assist(self, campaign_id: int | None = None) -> None:
        """Scheduled: campaigns with `model_assist` retrain their model when due and record its predictions."""
        await assist_job.assist(self.deps, campaign_id)

    # --- communities and group quizzes ---------------------------------------------------------------------------
    async def join_community(self, community: CommunityRef, moderators: list[UserRef]) -> CommunityInfo:
        """The bot was added to a group: it becomes a community, its admins its moderators."""
        return await communities.join(self.deps, community, moderators)

    async def leave_community(self, community: CommunityRef) -> None:
        await communities.leave(self.deps, community)

    async def check_moderator(self, community: CommunityRef, user: UserRef, is_admin: bool) -> None:
        """Mirror the platform's admin status; NotModerator for everyone else."""
        await communities.check_moderator(self.deps, community, user, is_admin)

    async def record_moderator(self, community: CommunityRef, user: UserRef, is_admin: bool) -> None:
        """Mirror the platform's word on who administers a group (asked before a campaign command)."""
        await communities.record_moderator(self.deps, community, user, is_admin)

    async def configure_community(
        self, community: CommunityRef, by: UserRef, *, daily_quiz: bool | None = None, quiz_minutes: int | None = None
    ) -> CommunityInfo:
        return await communities.configure(self.deps, community, by, daily_quiz=daily_quiz, quiz_minutes=quiz_minutes)

    async def set_banned(self, community: CommunityRef, by: UserRef, target: UserRef, banned: bool) -> str:
        """Ban or unban a member from the community's tasks; returns their name."""
        return await communities.set_banned(self.deps, community, by, target, banned)

    async def community_languages(self, community: CommunityRef) -> dict[str | None, int]:
        """How many of the group's members read each language (their choice, else their platform's locale)."""
        return await community_languages.spoken(self.deps, community)

    async def post_quiz(self, community: CommunityRef, by: UserRef) -> Quiz:
        return await quizzes.post(self.deps, community, by)

    async def quiz_posted(self, quiz_id: int, message_ref: str) -> None:
        await quizzes.posted(self.deps, quiz_id, message_ref)

    async def answer_quiz(
        self, user: UserRef, quiz_id: int, choice: str, where: CommunityRef | None = None, locale: str | None = None
    ) -> QuizAnswer:
        """A member's own answer to a group quiz; tallies stay hidden until it closes. `locale`: the member's
        platform language (kept when the game meets them here first, for the group's language)."""
        return await quizzes.answer(self.deps, user, quiz_id, choice, where, locale)

    async def post_daily_quizzes(self, platform: Platform) -> list[Quiz]:
        return await quizzes.post_daily(self.deps, platform)

    async def close_due_quizzes(self, platform: Platform) -> list[QuizResult]:
        return await quizzes.close_due(self.deps, platform)

    async def link_wallet(self, user: UserRef, text: str) -> WalletChallenge | WalletLinked:
        """`/wallet <address>` (a message to sign, or linked at once) or `/wallet <signature>`."""
        if self.wallet_proofs is None:
            raise wallets.WalletError(N_("Wallets can't be linked here: payouts are not enabled."))
        return await wallets.link_wallet(self.deps, self.wallet_proofs, user, text)

    async def wallet(self, user: UserRef) -> WalletInfo:
        """The caller's own wallet (never anyone else's)."""
        return await wallets.my_wallet(self.deps, user)

    async def claim(self, user: UserRef, points: int | None = None) -> ClaimFacts:
        """Turn confirmed points (all by default) into a claim paid by the next batch."""
        return await claims.claim(self.deps, user, points)

    async def earnings(self, user: UserRef, limit: int = 10) -> Earnings:
        """The caller's settled tasks (pending, paid, did not agree) and their pending and claimable points."""
        return await earnings.earnings(self.deps, user, limit)

    async def queue_settled_notices(self) -> int:
        """Scheduled: one grouped notice per player whose answers settled, and one per player whose pending points
        a refit took back (each at most one per settled_minutes)."""
        settled = await earnings.queue_settled_notices(self.deps)
        return settled + await earnings.queue_corrected_notices(self.deps)

    async def claims(self, user: UserRef, limit: int = 10) -> tuple[ClaimFacts, ...]:
        """The caller's latest claims and their payout status."""
        return await claims.my_claims(self.deps, user, limit)
