"""Webhook use cases: where a requester's events go, the events queued for its jobs, the deliveries due and what
became of each attempt. Sending is the adapter's (an HTTP client); no transaction stays open across it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import Subquery, and_, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import RequesterJob, RequesterWebhook, WebhookDelivery
from core.db.results import id_column, stored_id
from core.db.tables import Campaign, Item
from core.errors import RequesterError
from core.game.deps import GameDeps
from core.game.requesters.events import ITEM_SETTLED, JOB_DONE, event_row
from core.game.requesters.jobs import owned
from core.game.requesters.pool_events import pool_rows
from core.game.requesters.results import SETTLED
from core.game.requesters.signing import backoff
from core.types.requesters import RequesterInfo

CLAIM_SECONDS = 120  # a delivery being sent is not due again for this long, whatever becomes of its sender


@dataclass(frozen=True, slots=True)
class Due:
    delivery_id: int
    url: str
    secret: str
    event: str
    body: str


@dataclass(frozen=True, slots=True)
class Attempt:
    delivery_id: int
    ok: bool
    status: int | None  # the receiver's HTTP status; None when there was no answer
    error: str | None


@dataclass(frozen=True, slots=True)
class DeliveryFacts:
    delivery_id: int
    event: str
    ref: str
    status: str
    attempts: int
    last_status: int | None
    last_error: str | None
    created_at: datetime
    delivered_at: datetime | None


async def set_webhook(deps: GameDeps, requester: RequesterInfo, url: str) -> str:
    """Point the requester's events at `url`; returns a fresh signing secret (shown once to the requester)."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2048 or parts.username:
        raise RequesterError("The webhook URL must be an http(s) URL with a host, without credentials.")
    secret = "whsec_" + secrets.token_hex(24)

    async def work(session: AsyncSession) -> None:
        found = await session.get(RequesterWebhook, requester.requester_id)
        if found is None:
            session.add(
                RequesterWebhook(
                    requester_id=requester.requester_id, url=url.strip(), secret=secret, created_at=deps.clock.now()
                )
            )
        else:
            found.url, found.secret = url.strip(), secret
        await session.flush()

    await deps.db.transaction(work)
    return secret


async def queue_events(deps: GameDeps) -> int:
    """Scheduled: an `item.settled` delivery for every settled item of a job whose requester has a webhook, one
    `job.done` when a job is closed or has nothing left open, and `job.pool_low` / `job.pool_empty` (see
    `pool_events`); returns how many were queued."""
    now = deps.clock.now()
    batch = deps.settings.requesters.webhook_batch

    async def work(session: AsyncSession) -> int:
        hooked = (
            select(col(RequesterJob.campaign_id), col(RequesterJob.requester_id))
            .join(RequesterWebhook, col(RequesterWebhook.requester_id) == col(RequesterJob.requester_id))
            .subquery()
        )
        queued = select(col(WebhookDelivery.id)).where(
            col(WebhookDelivery.campaign_id) == col(Item.campaign_id),
            col(WebhookDelivery.event) == ITEM_SETTLED,
            col(WebhookDelivery.ref) == col(Item.external_id),
        )
        settled = await session.execute(
            select(
                hooked.c.requester_id,
                col(Item.campaign_id),
                col(Item.external_id),
                col(Item.status),
                col(Item.label),
                col(Item.confidence),
                col(Item.answers),
                col(Item.resolved_at),
            )
            .join(hooked, hooked.c.campaign_id == col(Item.campaign_id))
            .where(col(Item.status).in_(SETTLED), ~queued.exists())
            .order_by(col(Item.id))
            .limit(batch)
        )
        rows = []
        for requester_id, job_id, external_id, status, label, confidence, answers, resolved_at in settled:
            item = {
                "id": external_id,
                "label": label,
                "confidence": confidence,
                "answers_count": answers,
                "ambiguous": status == "ambiguous",
                "settled_at": resolved_at.isoformat() if resolved_at else None,
            }
            rows.append(event_row(requester_id, job_id, ITEM_SETTLED, external_id, {"item": item}, now))
        rows += await _jobs_done(session, hooked, now)
        rows += await pool_rows(session, hooked, now, deps.settings.requesters.pool_low_items)
        if rows:
            await session.execute(insert(WebhookDelivery), rows)
        return len(rows)

    return await deps.db.transaction(work)


async def _jobs_done(session: AsyncSession, hooked: Subquery, now: datetime) -> list[dict[str, object]]:
    done_queued = select(col(WebhookDelivery.id)).where(
        col(WebhookDelivery.campaign_id) == col(Campaign.id), col(WebhookDelivery.event) == JOB_DONE
    )
    still_open = select(col(Item.id)).where(col(Item.campaign_id) == col(Campaign.id), col(Item.status) == "open")
    any_item = select(col(Item.id)).where(col(Item.campaign_id) == col(Campaign.id))
    jobs = await session.execute(
        select(hooked.c.requester_id, id_column(Campaign.id), col(Campaign.status))
        .join(hooked, hooked.c.campaign_id == col(Campaign.id))
        .where(~done_queued.exists(), col(Campaign.status) != "draft")
        .where((col(Campaign.status) == "closed") | and_(any_item.exists(), ~still_open.exists()))
    )
    return [
        event_row(requester_id, job_id, JOB_DONE, str(job_id), {"job_status": status}, now)
        for requester_id, job_id, status in jobs
    ]


async def claim_due(deps: GameDeps) -> list[Due]:
    """The deliveries due now, claimed for a while so that no other run sends them meanwhile."""
    now = deps.clock.now()

    async def work(session: AsyncSession) -> list[Due]:
        rows = (
            await session.execute(
                select(
                    id_column(WebhookDelivery.id),
                    col(RequesterWebhook.url),
                    col(RequesterWebhook.secret),
                    col(WebhookDelivery.event),
                    col(WebhookDelivery.body),
                )
                .join(RequesterWebhook, col(RequesterWebhook.requester_id) == col(WebhookDelivery.requester_id))
                .where(col(WebhookDelivery.status) == "pending", col(WebhookDelivery.next_attempt_at) <= now)
                .order_by(col(WebhookDelivery.next_attempt_at), col(WebhookDelivery.id))
                .limit(deps.settings.requesters.webhook_batch)
                .with_for_update(skip_locked=True, of=WebhookDelivery)
            )
        ).all()
        if rows:
            await session.execute(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.id).in_([row[0] for row in rows]))
                .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
            )
        return [Due(*row) for row in rows]

    return await deps.db.transaction(work)


async def record(deps: GameDeps, attempts: list[Attempt]) -> None:
    """Delivered, or retried after a backoff, or failed after the last attempt allowed."""
    if not attempts:
        return
    now = deps.clock.now()
    rules = deps.settings.requesters

    delivered: dict[int | None, list[int]] = {}
    for attempt in attempts:
        if attempt.ok:
            delivered.setdefault(attempt.status, []).append(attempt.delivery_id)
    failures = [attempt for attempt in attempts if not attempt.ok]

    async def work(session: AsyncSession) -> None:
        # Receivers mostly answer alike: one statement per answer status, not one per delivery.
        for status, ids in delivered.items():
            await session.execute(
                update(WebhookDelivery)
                .where(col(WebhookDelivery.id).in_(ids))
                .values(
                    attempts=col(WebhookDelivery.attempts) + 1,
                    last_status=status,
                    last_error=None,
                    status="delivered",
                    delivered_at=now,
                )
            )
        if not failures:
            return
        tries = dict(
            (
                await session.execute(
                    select(col(WebhookDelivery.id), col(WebhookDelivery.attempts)).where(
                        col(WebhookDelivery.id).in_([a.delivery_id for a in failures])
                    )
                )
            ).all()
        )
        for attempt in failures:
            count = tries.get(attempt.delivery_id, 0) + 1
            values: dict[str, object] = {
                "attempts": count,
                "last_status": attempt.status,
                "last_error": (attempt.error or "")[:200] or None,
            }
            if count >= rules.webhook_max_attempts:
                values.update(status="failed")
            else:
                values.update(next_attempt_at=now + timedelta(seconds=backoff(count, rules.webhook_backoff_seconds)))
            await session.execute(
                update(WebhookDelivery).where(col(WebhookDelivery.id) == attempt.delivery_id).values(**values)
            )

    await deps.db.transaction(work)


async def deliveries(deps: GameDeps, requester: RequesterInfo, job_id: int, limit: int = 100) -> list[DeliveryFacts]:
    """The job's delivery log, newest first."""

    async def work(session: AsyncSession) -> list[DeliveryFacts]:
        await owned(session, requester, job_id)
        rows = await session.scalars(
            select(WebhookDelivery)
            .where(col(WebhookDelivery.campaign_id) == job_id)
            .order_by(col(WebhookDelivery.id).desc())
            .limit(max(1, min(limit, 1000)))
        )
        return [
            DeliveryFacts(
                stored_id(d),
                d.event,
                d.ref,
                d.status,
                d.attempts,
                d.last_status,
                d.last_error,
                d.created_at,
                d.delivered_at,
            )
            for d in rows.all()
        ]

    return await deps.db.transaction(work)


async def pending_count(deps: GameDeps) -> int:
    async def work(session: AsyncSession) -> int:
        return int(
            await session.scalar(
                select(func.count()).select_from(WebhookDelivery).where(col(WebhookDelivery.status) == "pending")
            )
            or 0
        )

    return await deps.db.transaction(work)
