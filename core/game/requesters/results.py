"""A job's items and settled results, a page at a time (keyset by item id: pages stay cheap however deep)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from core.db.tables import Assignment, Item
from core.db.uow import connection
from core.game.deps import GameDeps
from core.game.export.source import ExportItem, Pseudonyms, chunk_of
from core.game.requesters.jobs import owned
from core.types.requesters import RequesterInfo

SETTLED = ("resolved", "ambiguous")


@dataclass(frozen=True, slots=True)
class ResultsPage:
    items: tuple[ExportItem, ...]
    next_after: int | None  # pass as `after` for the next page; None: this was the last one

    @staticmethod
    def counts(item: ExportItem) -> dict[str, int]:
        """Counted answers per label (answers set aside as spam or from gold-failing players are not counted)."""
        return dict(Counter(answer.choice for answer in item.answers if answer.counted).most_common())


async def page(
    deps: GameDeps, requester: RequesterInfo, job_id: int, *, after: int, limit: int, settled_only: bool
) -> ResultsPage:
    """Worker names are pseudonyms that hold within one page and cannot be linked across pages or exports."""
    size = max(1, min(limit, deps.settings.requesters.max_page_size))

    async def work(session: AsyncSession) -> ResultsPage:
        await owned(session, requester, job_id)
        statuses = SETTLED if settled_only else ()
        found = await session.run_sync(
            lambda s: chunk_of(s, job_id, after, size + 1, Pseudonyms(), settled_only, statuses)
        )
        more = len(found) > size
        shown = tuple(found[:size])
        return ResultsPage(shown, shown[-1].item_id if more and shown else None)

    return await deps.db.transaction(work)


@dataclass(frozen=True, slots=True)
class SettledRows:
    """A page of settled items as plain rows, no objects per row (paging 1M answers stays fast):
    items (id, external id, status, label, confidence, answers count, gold) in id order, and their answers
    (item id, worker pseudonym, choice, answered at in ISO 8601, counted) in item and answer order."""

    items: list[tuple[int, str, str, str | None, float | None, int, bool]]
    answers: list[tuple[int, str, str, str, bool]]
    next_after: int | None


async def settled_rows(deps: GameDeps, requester: RequesterInfo, job_id: int, *, after: int, limit: int) -> SettledRows:
    """Keyset by item id: one indexed read of the page's items and one of their answers, whatever the depth."""
    size = max(1, min(limit, deps.settings.requesters.max_page_size))

    async def work(session: AsyncSession) -> SettledRows:
        await owned(session, requester, job_id)
        return await session.run_sync(lambda s: _settled_rows(s, job_id, after, size))

    return await deps.db.transaction(work)


def _settled_rows(session: Session, job_id: int, after: int, size: int) -> SettledRows:
    conn = connection(session)
    items = conn.execute(
        select(Item.id, Item.external_id, Item.status, Item.label, Item.confidence, Item.answers, Item.gold)
        .where(Item.campaign_id == job_id, Item.id > after, Item.status.in_(SETTLED))
        .order_by(Item.id)
        .limit(size + 1)
    ).all()
    more = len(items) > size
    shown = [tuple(row) for row in items[:size]]
    if not shown:
        return SettledRows([], [], None)
    # SQLite keeps times as text: read them as stored, not parsed into datetimes one by one.
    raw = conn.dialect.name == "sqlite"
    when = type_coerce(Assignment.answered_at, String) if raw else Assignment.answered_at
    found = conn.execute(
        select(Assignment.item_id, Assignment.account_id, Assignment.choice, when, Assignment.counted)
        .where(Assignment.item_id.in_([row[0] for row in shown]), Assignment.answered_at.is_not(None))
        .order_by(Assignment.item_id, Assignment.answered_at, Assignment.account_id)  # the index's own order
    )
    pseudonym = Pseudonyms()
    answers = [
        (item_id, pseudonym(account_id), choice, _iso(answered_at), bool(counted))
        for item_id, account_id, choice, answered_at, counted in found
    ]
    return SettledRows(shown, answers, shown[-1][0] if more else None)  # type: ignore[arg-type]


def _iso(value: str | datetime) -> str:
    """ISO 8601 in UTC, from a datetime or from SQLite's stored text ("2026-01-05 10:00:03.000000")."""
    if isinstance(value, datetime):
        return value.isoformat()
    return value.replace(" ", "T", 1) + "+00:00"
