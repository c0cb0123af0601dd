"""A job's items and settled results, a page at a time (keyset by item id: pages stay cheap however deep)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.tables import Item
from core.db.uow import connection
from core.game.deps import GameDeps
from core.game.export.source import ExportItem, Pseudonyms, chunk_of
from core.game.requesters.jobs import owned
from core.types.requesters import RequesterInfo

SETTLED = ("resolved", "ambiguous")
# A page's answers, one row per item with its answers packed in one string (choice keys are lower-case letters,
# digits, _ and -, so neither separator can occur in them): one row per item to fetch, not one per answer, read
# from the covering index ix_assignment_item_answers. Times as SQLite stores them; PostgreSQL writes the same.
_PACKED = "{when} || '|' || account_id || '|' || choice || '|' || {counted}"
_QUERY = (
    "SELECT item_id, {agg}({packed}, ',') FROM assignment WHERE item_id IN :ids AND answered_at IS NOT NULL "
    "GROUP BY item_id"
)
ANSWERS = {
    True: text(
        _QUERY.format(agg="group_concat", packed=_PACKED.format(when="answered_at", counted="counted"))
    ).bindparams(bindparam("ids", expanding=True)),
    False: text(
        _QUERY.format(
            agg="string_agg",
            packed=_PACKED.format(
                when="to_char(answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')",
                counted="CASE WHEN counted THEN 1 ELSE 0 END",
            ),
        )
    ).bindparams(bindparam("ids", expanding=True)),
}


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
    """A page of settled items as plain rows, no objects per row or per answer (paging 1M answers stays fast):
    items (id, external id, status, label, confidence, answers count, gold) in id order; each item's answers
    as "<answered at>|<account>|<choice>|<counted 0/1>" in time order (times as "2026-01-05 10:00:03.000000",
    UTC); `worker` names an account by a pseudonym that holds within this page only."""

    items: list[tuple[int, str, str, str | None, float | None, int, bool]]
    answers: dict[int, list[str]]
    next_after: int | None
    worker: Pseudonyms


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
        select(
            col(Item.id),
            col(Item.external_id),
            col(Item.status),
            col(Item.label),
            col(Item.confidence),
            col(Item.answers),
            col(Item.gold),
        )
        .where(col(Item.campaign_id) == job_id, col(Item.id) > after, col(Item.status).in_(SETTLED))
        .order_by(col(Item.id))
        .limit(size + 1)
    ).all()
    more = len(items) > size
    shown = [tuple(row) for row in items[:size]]
    if not shown:
        return SettledRows([], {}, None, Pseudonyms())
    found = connection(session).execute(ANSWERS[conn.dialect.name == "sqlite"], {"ids": [row[0] for row in shown]})
    # Sorted as text, the fixed-width times put each item's answers in order.
    answers = {item_id: sorted(packed.split(",")) for item_id, packed in found}
    return SettledRows(shown, answers, shown[-1][0] if more else None, Pseudonyms())  # type: ignore[arg-type]
