"""The claim lifecycle: the states of a claim and of the payout batch carrying it, and what the payout side reports.

Claim: pending -> batched -> paid; reset when the chain it was paid on vanished (an operator may repay it). In the
book a claim's points sit in `claims` until its batch is confirmed, then in `paid`; a reset moves them back to
`claims` (owed again, so the audit counts them), and paying it anew moves them to `paid` once more.
A claim is bound to one batch, and so to one on-chain batch id, from the moment it is batched: the contract
pays a batch id at most once, so no retry, requeue or reorg can pay the same claim twice.
Batch: assigned -> signed (a transaction stored, maybe not sent) -> submitted -> confirmed; back to assigned
(same claims, same id) when the chain provably holds none of its transactions; split when it could never fit
a block (its claims go back to pending before any transaction of it was accepted); reset with the chain.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class ClaimState(enum.StrEnum):
    PENDING = "pending"
    BATCHED = "batched"
    PAID = "paid"
    RESET = "reset"


class BatchState(enum.StrEnum):
    ASSIGNED = "assigned"
    SIGNED = "signed"
    SUBMITTED = "submitted"
    CONFIRMED = "confirmed"
    SPLIT = "split"
    RESET = "reset"
    # Earlier versions released the claims of a reverted batch; such rows stay readable.
    REVERTED = "reverted"


OPEN_BATCH = (BatchState.ASSIGNED, BatchState.SIGNED, BatchState.SUBMITTED)


class PayoutEventKind(enum.StrEnum):
    BATCH_PAID = "batch_paid"  # confirmed K deep: its claims are paid
    BATCH_REFUSED = "batch_refused"  # the check before a batch failed (e.g. the treasury does not cover it)
    BATCH_RETRIED = "batch_retried"  # none of its transactions is on chain: the same batch is signed anew
    BATCH_SPLIT = "batch_split"  # too big for a block: its claims go into smaller batches
    BATCH_VANISHED = "batch_vanished"  # a confirmed batch is no longer on chain (a reorg deeper than K)
    CHAIN_RESET = "chain_reset"  # not the chain the payouts were recorded on: payouts stop


@dataclass(frozen=True, slots=True)
class PayoutEvent:
    """A fact the payout side reports; the core turns it into notices (players) or alerts (admins)."""

    kind: PayoutEventKind
    batch: int | None = None
    detail: str = ""
    claims: tuple[int, ...] = field(default=())
    tx_hash: str | None = None


@dataclass(frozen=True, slots=True)
class BatchCheck:
    """The answer of the check run before each batch is paid; ``ok`` False refuses the batch."""

    ok: bool
    detail: str = ""


def tokens_to_units(tokens: Decimal | int, decimals: int) -> int:
    """Whole or fractional tokens as base units, exactly, rounded down (the one place tokens become units)."""
    return int(Decimal(tokens) * (Decimal(10) ** decimals))
