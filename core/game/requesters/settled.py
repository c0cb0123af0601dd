"""A job's settled results, a page at a time, as the database writes them: one keyset read per page whose rows
already hold each item's answers and per-label counts as JSON text (no row, object or Python call per answer,
so paging a million answers stays fast). Workers appear as placeholders, named per page by `page_workers`."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass
from functools import partial

from sqlalchemy import TextClause, select, text
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.requester_tables import RequesterJob
from core.db.uow import connection
from core.errors import UnknownJob
from core.game.deps import GameDeps
from core.types.requesters import RequesterInfo


# Choice keys are lower-case letters, digits, _ and - (numbers for numeric jobs), times are digits: the answers'
# JSON needs no escaping, and "%(" occurs only in the worker placeholders "%(<account id>)s".
def _answer(when: str) -> str:
    return (
        """'{"worker":"w%(' || a.account_id || ')s","choice":"' || a.choice || '","answered_at":"' || """
        f"""{when} || '+00:00","counted":' || CASE WHEN a.counted THEN 'true' ELSE 'false' END || '}}'"""
    )


# Both subqueries read the covering index ix_assignment_item_answers (item_id, answered_at, ...), which also
# gives the answers in time order; ties (one second, two workers) go by account, so a page reads the same twice.
_ANSWERED = "FROM assignment a WHERE a.item_id = i.id AND a.answered_at IS NOT NULL"
# Label counts: counted answers only, the most frequent first, ties by the label answered first.
_COUNTED = f"SELECT a.choice, count(*) AS n, min(a.answered_at) AS first {_ANSWERED} AND a.counted GROUP BY a.choice"
_COUNT = """'"' || c.choice || '":' || c.n"""
_SQLITE_TIME = "replace(a.answered_at, ' ', 'T')"
_POSTGRES_TIME = """to_char(a.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
# SQLite 3.40 has no ORDER BY inside an aggregate: its group_concat follows an ordered subquery.
_AGGREGATES = {
    "sqlite": (
        f"SELECT group_concat(piece, ',') FROM "
        f"(SELECT {_answer(_SQLITE_TIME)} AS piece {_ANSWERED} ORDER BY a.answered_at, a.account_id)",
        f"SELECT group_concat({_COUNT}, ',') FROM ({_COUNTED} ORDER BY n DESC, first, a.choice) c",
    ),
    "postgresql": (
        f"SELECT string_agg({_answer(_POSTGRES_TIME)}, ',' ORDER BY a.answered_at, a.account_id) {_ANSWERED}",
        f"SELECT string_agg({_COUNT}, ',' ORDER BY c.n DESC, c.first, c.choice) FROM ({_COUNTED}) c",
    ),
}
PAGE: dict[str, TextClause] = {
    dialect: text(
        f"SELECT i.id, i.external_id, i.status, i.label, i.confidence, i.answers, i.gold, ({answers}), ({counts}) "
        "FROM item i WHERE i.campaign_id = :job AND i.id > :after AND i.status IN ('resolved', 'ambiguous') "
        "ORDER BY i.id LIMIT :size"
    )
    for dialect, (answers, counts) in _AGGREGATES.items()
}


@dataclass(frozen=True, slots=True)
class SettledRow:
    item_id: int
    external_id: str
    status: str  # resolved or ambiguous
    label: str | None
    confidence: float | None
    answers_count: int
    gold: bool
    answers_json: str  # the answers' JSON objects, comma-separated, in time order, workers as placeholders
    counts_json: str  # '"<label>":<count>' pairs, comma-separated, the most frequent first


@dataclass(frozen=True, slots=True)
class SettledRows:
    items: list[SettledRow]  # in id order
    next_after: int | None  # pass as `after` for the next page; None: this was the last one


async def settled_rows(deps: GameDeps, requester: RequesterInfo, job_id: int, *, after: int, limit: int) -> SettledRows:
    """Keyset by item id: one indexed read per page, however deep. A read only: on SQLite it runs on a thread
    of its own without the write lock, so a requester paging through results never holds up the players."""
    size = max(1, min(limit, deps.settings.requesters.max_page_size))
    return await deps.db.run(partial(_page, requester.requester_id, job_id, after, size), read_only=True)


def _page(requester_id: int, job_id: int, after: int, size: int, session: Session) -> SettledRows:
    conn = connection(session)
    owner = conn.execute(
        select(col(RequesterJob.requester_id)).where(col(RequesterJob.campaign_id) == job_id)
    ).scalar_one_or_none()
    if owner != requester_id:
        raise UnknownJob(job_id)  # none, or someone else's: the same answer
    found = conn.execute(PAGE[conn.dialect.name], {"job": job_id, "after": after, "size": size + 1}).all()
    shown = [
        SettledRow(
            int(row[0]), row[1], row[2], row[3], row[4], int(row[5] or 0), bool(row[6]), row[7] or "", row[8] or ""
        )
        for row in found[:size]
    ]
    return SettledRows(shown, shown[-1].item_id if len(found) > size else None)


def page_workers(most: int) -> defaultdict[str, str]:
    """Worker names for one page of at most `most` answers: each account id (as text) is given a fresh random
    48-bit name, in hex, the first time it is looked up. Names are distinct within the page and drawn anew for
    every page, so they cannot be linked across pages, to accounts or to exports. The default is the pool's
    iterator, so `template % names` names every worker without a Python call per answer."""
    while True:
        pool = secrets.token_bytes(6 * most).hex(" ", 6).split()
        if len(set(pool)) == len(pool):  # a repeat among 48-bit draws is rare; draw again rather than merge two
            return defaultdict(iter(pool).__next__)
