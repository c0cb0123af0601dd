"""The economy's use cases behind one object; each method is one transaction returning frozen facts."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from core.db.results import stored_id
from core.errors import NoTreasury
from core.game.admin.campaigns import CampaignRef
from core.game.claim_state import BatchCheck
from core.game.deps import GameDeps
from core.game.money import dev_treasury, funding, in_flight, release
from core.game.money.audit import audit, notify_admins, player_balances
from core.game.money.treasury import Treasury
from core.game.players import require
from core.types import Audit, Balances, DevFunding, UserRef


class Economy:
    def __init__(self, deps: GameDeps) -> None:
        self.deps = deps
        self.treasury: Treasury | None = None  # set by the composition root: what the payer holds on chain

    async def fund(self, user: UserRef, campaign: CampaignRef, tokens: str) -> funding.Funded:
        """Admins only: move `tokens` from the treasury into the campaign's pool."""
        return await funding.fund_pool(self.deps, user, campaign, tokens, self.treasury)

    async def fund_engagement(self, user: UserRef, tokens: str) -> funding.Funded:
        """Admins only: move `tokens` into the reserve that pays check-ins, level-ups and referral bonuses."""
        return await funding.fund_engagement(self.deps, user, tokens, self.treasury)

    async def fund_shipped_campaigns(self) -> DevFunding:
        """The embedded dev treasury funds the engagement reserve and the shipped campaigns' pools, each once (the
        composition root calls it only on the embedded chain)."""
        if self.treasury is None:
            raise NoTreasury()
        return await dev_treasury.fund_shipped_campaigns(self.deps, self.treasury)

    async def audit(self, treasury_units: int | None = None) -> Audit:
        """Owed (pools, budgets, players, claims) against the treasury; the payout job runs it before each batch.

        Claims in a batch the chain has paid but the book has not confirmed yet are no longer owed by the
        treasury: the chain is asked about the open batches at the block its balance is read at."""
        rules = self.deps.settings.rewards
        if treasury_units is not None:
            return await self.deps.db.run(lambda session: audit(session, treasury_units, rules))
        if self.treasury is None:
            raise NoTreasury()
        batches = await self.deps.db.run(in_flight.open_batches)
        held, paid = await self.treasury.read(batches)
        return await self.deps.db.run(lambda session: audit(session, held, rules, paid))

    async def before_payout(self, treasury_units: int | None = None) -> Audit:
        """The payout job's check before each batch: the audit; when it fails, the admins who play get a notice
        (the job then refuses to pay)."""
        result = await self.audit(treasury_units)
        if not result.ok:
            now = self.deps.clock.now()
            await self.deps.db.run(lambda session: notify_admins(session, self.deps.settings, result, now))
        return result

    async def payout_check(self) -> BatchCheck:
        """`before_payout` as the payout job's guard: refuse the batch, saying what is short, when the audit fails."""
        result = await self.before_payout()
        detail = "" if result.ok else f"owed {result.owed_units} units, treasury holds {result.held_units}"
        return BatchCheck(result.ok, detail)

    async def release_pending(self) -> int:
        """Scheduled: pending points past the settlement window (or vested) become claimable."""
        now = self.deps.clock.now()
        return await self.deps.db.run(lambda session: release.release(session, self.deps, now))

    async def balances(self, user: UserRef) -> Balances:
        async def work(session: AsyncSession) -> Balances:
            account = await require(session, user)
            return await session.run_sync(player_balances, stored_id(account), account.points)

        return await self.deps.db.transaction(work)
