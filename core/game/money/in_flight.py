"""Payout batches in flight: sent, and perhaps already paid on chain, but not yet confirmed deep enough for the
book to move their claims to `paid`. Tokens a batch paid have left the treasury while its claims still count as
owed, so the audit counts such claims apart (`Audit.in_flight`) instead of failing until the confirmation."""

from __future__ import annotations

from collections.abc import Set

from sqlalchemy import func, select
from sqlmodel import col

from core.db.reward_tables import Claim, PayoutBatch
from core.db.uow import Tx, connection
from core.game.claim_state import OPEN_BATCH, ClaimState


def open_batches(session: Tx) -> list[str]:
    """The on-chain ids of the batches not yet confirmed (one is in flight at a time, so few)."""
    query = (
        select(col(PayoutBatch.chain_batch_id))
        .where(col(PayoutBatch.status).in_(OPEN_BATCH))
        .order_by(col(PayoutBatch.id))
    )
    return list(connection(session).execute(query).scalars())


def points_paid_on_chain(session: Tx, paid: Set[str]) -> int:
    """Points of the claims in batches still open in the book whose on-chain id the chain has paid. Read in the
    audit's own transaction: a batch confirmed since the chain was read is in `paid` already, not counted twice."""
    if not paid:
        return 0
    query = (
        select(func.coalesce(func.sum(col(Claim.points)), 0))
        .join(PayoutBatch, col(PayoutBatch.id) == col(Claim.batch_id))
        .where(
            col(PayoutBatch.status).in_(OPEN_BATCH),
            col(PayoutBatch.chain_batch_id).in_(sorted(paid)),
            col(Claim.status) == ClaimState.BATCHED,
        )
    )
    return int(connection(session).execute(query).scalar() or 0)
