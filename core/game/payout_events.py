"""What the payout side reports, turned into notices: players hear that their claim is paid; admins are alerted.

Runs inside the transaction that recorded the event, so a notice is queued exactly when its fact is written.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.reward_tables import Claim
from core.db.tables import Identity
from core.game import notices
from core.game.claim_state import PayoutEvent, PayoutEventKind
from core.game.claims import explorer_url, format_tokens
from core.settings import Settings
from core.types import NoticeKind

log = logging.getLogger("chatlabel.payouts")


async def record(session: AsyncSession, event: PayoutEvent, settings: Settings, now: datetime) -> None:
    """Queue the notices an event calls for: players for a paid batch, the chat admins for anything else."""
    if event.kind is PayoutEventKind.BATCH_PAID:
        await _claims_paid(session, event, settings)
        return
    log.warning("payout alert for the admins: %s batch=%s %s", event.kind.value, event.batch, event.detail)
    facts: notices.Facts = {"event": event.kind.value, "batch": event.batch or 0, "detail": event.detail[:300]}
    for account_id in await _admin_accounts(session, settings):
        await notices.queue(session, account_id, NoticeKind.PAYOUT_ALERT, facts, now)


async def _admin_accounts(session: AsyncSession, settings: Settings) -> list[int]:
    """Accounts of the configured Telegram and Discord admins who have used the bot (so it can reach them)."""
    admins = settings.admins
    wanted = [("telegram", i) for i in admins.telegram] + [("discord", i) for i in admins.discord]
    if not wanted:
        return []
    found = await session.scalars(
        select(col(Identity.account_id)).where(tuple_(col(Identity.platform), col(Identity.external_id)).in_(wanted))
    )
    return sorted(set(found))


async def _claims_paid(session: AsyncSession, event: PayoutEvent, settings: Settings) -> None:
    url = explorer_url(settings, event.tx_hash) or ""
    claims = await session.scalars(select(Claim).where(col(Claim.id).in_(event.claims)).order_by(col(Claim.id)))
    for claim in claims:
        tokens = format_tokens(int(claim.amount), settings.rewards.token_decimals)
        facts: notices.Facts = {"claim": stored_id(claim), "amount": tokens, "tx": event.tx_hash or "", "url": url}
        await notices.queue(session, claim.account_id, NoticeKind.CLAIM_PAID, facts, claim.paid_at or claim.created_at)
