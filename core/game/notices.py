"""The notice outbox: use cases queue notices in their own transaction; adapters deliver and mark them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import and_, func, insert, or_, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Account, Identity
from core.db.tables import Notice as NoticeRow
from core.db.uow import connection
from core.types import Notice, NoticeKind, Platform, UserRef, platform_of

# What a notice says, as plain values the adapters word; stored as JSON.
Facts = Mapping[str, str | int | float]
CLAIM_SECONDS = 60.0  # longer than a round of sends takes; a worker that dies mid-round frees its notices then


def push(
    session: Session | Connection,
    account_id: int,
    kind: NoticeKind,
    facts: Facts,
    now: datetime,
    to: UserRef | None = None,
) -> None:
    """Queue a notice for the account, or (`to`) for one of its identities only."""
    connection(session).execute(
        insert(NoticeRow).values(
            account_id=account_id,
            kind=kind.value,
            platform=to.platform if to else None,
            external_id=to.external_id if to else None,
            facts=dict(facts),
            created_at=now,
            delivered_at=None,
        )
    )


async def queue(
    session: AsyncSession,
    account_id: int,
    kind: NoticeKind,
    facts: Facts,
    now: datetime,
    to: UserRef | None = None,
) -> None:
    """`push` for async use cases."""
    await session.run_sync(push, account_id, kind, facts, now, to)


async def queue_everywhere(
    session: AsyncSession,
    account_id: int,
    kind: NoticeKind,
    facts: Facts,
    now: datetime,
    told: UserRef,
) -> None:
    """A notice for each identity of the account but `told` (who saw the reply), each on its own platform."""
    identities = await session.execute(
        select(col(Identity.platform), col(Identity.external_id), col(Identity.display_name)).where(
            col(Identity.account_id) == account_id
        )
    )
    for platform, external_id, name in sorted(identities):
        if (platform, external_id) != (told.platform, told.external_id):
            await queue(session, account_id, kind, facts, now, UserRef(platform_of(platform), external_id, name))


async def pending(
    session: AsyncSession, platform: Platform, limit: int, now: datetime, claim_seconds: float = CLAIM_SECONDS
) -> list[Notice]:
    """Claim the oldest undelivered notices for accounts that have an identity on `platform` and return them.

    Several workers deliver at once: rows another worker is claiming are skipped (`FOR UPDATE SKIP LOCKED` on
    PostgreSQL; SQLite has one writer), and a claimed notice is left alone until its claim expires, which is
    also when a notice that failed for a passing reason is tried again."""
    free = or_(col(NoticeRow.claimed_until).is_(None), col(NoticeRow.claimed_until) <= now)
    ids = list(
        await session.scalars(
            select(col(NoticeRow.id))
            .join(Identity, col(Identity.account_id) == col(NoticeRow.account_id))
            .where(
                col(NoticeRow.delivered_at).is_(None), col(Identity.platform) == platform, _addressed(platform), free
            )
            .order_by(col(NoticeRow.id))
            .limit(limit)
            .with_for_update(skip_locked=True, of=NoticeRow)
        )
    )
    if not ids:
        return []
    until = now + timedelta(seconds=claim_seconds)
    await session.execute(update(NoticeRow).where(col(NoticeRow.id).in_(ids)).values(claimed_until=until))
    rows = (
        await session.execute(
            select(NoticeRow, Identity, func.coalesce(col(Account.language), col(Account.locale)))
            .join(Identity, col(Identity.account_id) == col(NoticeRow.account_id))
            .join(Account, col(Account.id) == col(NoticeRow.account_id))
            .where(col(NoticeRow.id).in_(ids), col(Identity.platform) == platform, _addressed(platform))
            .order_by(col(NoticeRow.id))
        )
    ).all()
    return [
        Notice(
            notice_id=stored_id(row),
            account_id=row.account_id,
            kind=NoticeKind(row.kind),
            facts=dict(row.facts),
            recipients=(UserRef(platform, ident.external_id, ident.display_name),),
            language=language,
        )
        for row, ident, language in rows
    ]


def _addressed(platform: Platform) -> ColumnElement[bool]:
    """The notice is for the whole account, or for this identity on `platform`."""
    return or_(
        col(NoticeRow.platform).is_(None),
        and_(col(NoticeRow.platform) == platform, col(NoticeRow.external_id) == col(Identity.external_id)),
    )


async def mark_delivered(session: AsyncSession, notice_ids: list[int], now: datetime) -> None:
    if notice_ids:
        await session.execute(update(NoticeRow).where(col(NoticeRow.id).in_(notice_ids)).values(delivered_at=now))


async def already_queued(session: AsyncSession, account_id: int, kind: NoticeKind, day: str) -> bool:
    """Scheduled jobs may run twice (restart, two workers); a reminder per player and day is enough."""
    rows = await session.scalars(
        select(col(NoticeRow.facts))
        .where(col(NoticeRow.account_id) == account_id, col(NoticeRow.kind) == kind.value)
        .order_by(col(NoticeRow.id).desc())
        .limit(3)
    )
    return any(facts.get("day") == day for facts in rows)
