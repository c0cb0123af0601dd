"""Facts about what players are owed and paid: their wallet and their claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class WalletChallenge:
    """The message to sign with the wallet, and until when the signature is accepted."""

    address: str
    message: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class WalletLinked:
    address: str
    proven: bool


@dataclass(frozen=True, slots=True)
class WalletInfo:
    """The owner's own wallet (None when none is linked)."""

    address: str | None
    proven: bool


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    claim_id: int
    points: int
    units: int  # smallest token units
    tokens: str  # the same amount in tokens, for people
    status: str  # pending | batched | paid | reset (paid on a chain that was reset: not paid any more)
    created_at: datetime
    tx_hash: str | None
    url: str | None  # explorer link of the paying transaction, where configured


@dataclass(frozen=True, slots=True)
class Audit:
    held_units: int  # what the treasury holds on chain, in token base units
    units_per_point: Decimal
    pools: int  # points in campaign pools
    engagement: int  # points in the engagement reserve and the day budgets
    pending: int  # players' pending points (settlement window, vesting)
    claimable: int
    claims: int  # claimed, waiting for a payout
    paid: int  # paid out (no longer owed)
    drawn: int  # what the book has drawn from the treasury in all (funding minus refunds)
    entries: int
    balanced: bool  # every entry moves from one account to another: all balances sum to zero
    cached: bool  # every cached balance equals the sum of its account's entries
    overdrawn: int = 0  # accounts other than the treasury's counterpart below zero (none may be)
    deposits: int = 0  # points requesters paid in and have not yet put into a job's pool (promised to them)
    # Of `claims`: points in batches the chain has paid (their tokens have left the treasury) that are not yet
    # confirmed deep enough to be moved to `paid`: no longer owed by the treasury.
    in_flight: int = 0

    @property
    def owed(self) -> int:
        owed = self.deposits + self.pools + self.engagement + self.pending + self.claimable + self.claims
        return owed - self.in_flight

    @property
    def owed_units(self) -> int:
        return int(self.owed * self.units_per_point)

    @property
    def unbacked_points(self) -> int:
        """Owed points the treasury does not cover."""
        covered = int(Decimal(self.held_units) / self.units_per_point)
        return max(0, self.owed - covered)

    @property
    def ok(self) -> bool:
        return self.balanced and self.cached and not self.overdrawn and self.owed_units <= self.held_units


@dataclass(frozen=True, slots=True)
class Balances:
    """A player's points: earned in all (what standings rank), pending and claimable now."""

    earned: int
    pending: int
    claimable: int


@dataclass(frozen=True, slots=True)
class EarnedTask:
    task_id: int
    campaign: str
    points: int
    # pending (in the settlement window) | paid (claimable) | not_agreed | no_share (agreed; the item paid
    # nothing, or the share was under one point)
    status: str
    settled_at: datetime


@dataclass(frozen=True, slots=True)
class Earnings:
    balances: Balances
    tasks: tuple[EarnedTask, ...]  # newest first


@dataclass(frozen=True, slots=True)
class DevFunding:
    """What the embedded dev treasury funded at this start (all 0 when everything was funded before)."""

    campaigns: int  # shipped campaigns whose pools were funded now
    pools: int  # points moved into those pools
    engagement: int  # points moved into the engagement reserve

    @property
    def any(self) -> bool:
        return bool(self.pools or self.engagement)
