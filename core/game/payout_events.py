"""What the payout side reports, turned into notices: players hear that their claim is paid; admins are alerted.

Runs inside the transaction that recorded the event, so a notice is queued exactly when its fact is written.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import Claim
from core.game import notices
from core.game.claim_state import PayoutEvent, PayoutEventKind
from core.game.claims import explorer_url, format_tokens
from core.settings import Settings
from core.types import NoticeKind

log = logging.getLogger("chatlabel.payouts")


async def record(session: AsyncSession, event: PayoutEvent, settings: Settings) -> None:
    """Queue the notices an event calls for; alerts for the admins go to the payout log."""
    if event.kind is PayoutEventKind.BATCH_PAID:
        await _claims_paid(session, event, settings)
        return
    log.warning("payout alert for the admins: %s batch=%s %s", event.kind.value, event.batch, event.detail)


async def _claims_paid(session: AsyncSession, event: PayoutEvent, settings: Settings) -> None:
    url = explorer_url(settings, event.tx_hash) or ""
    claims = await session.scalars(select(Claim).where(Claim.id.in_(event.claims)).order_by(Claim.id))
    for claim in claims:
        tokens = format_tokens(int(claim.amount), settings.rewards.token_decimals)
        facts = {"claim": int(claim.id or 0), "amount": tokens, "tx": event.tx_hash or "", "url": url}
        await notices.queue(session, claim.account_id, NoticeKind.CLAIM_PAID, facts, claim.paid_at or claim.created_at)
