"""A job's settled results, a page at a time: one keyset read per page whose rows are each item's JSON object,
written by the database from the item and the answers and label counts stored when it settled
(`core.game.item_results`; no object or Python call per answer, nor an aggregate over them, so paging a million
answers stays fast). Workers appear as placeholders, named per page by `page_workers`."""

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
from core.game.item_results import AGGREGATES, json_bool
from core.types.requesters import RequesterInfo

# Each item's JSON object is written by the database: its own fields from the item, its answers and label counts
# from its `item_result` row or, for an item settled before that table (no row), from the same aggregates over its
# answers. Python then only joins the page's rows and names its workers. Ids and labels are JSON-quoted with "%"
# doubled (the page is a %-template until its workers are named); a confidence is written so that it reads back as
# the same double (PostgreSQL's shortest form; SQLite has none, so 17 digits). The join repeats the keyset bound:
# PostgreSQL merges the two primary keys, and without it reads item_result from its first row every page.
_QUOTE = {"sqlite": "json_quote({})", "postgresql": "to_json({})::text"}
_NUMBER = {"sqlite": "printf('%!.17g', {})", "postgresql": "({})::text"}


def _item_json(dialect: str, answers: str, counts: str) -> str:
    def quoted(column: str) -> str:
        return f"coalesce(replace({_QUOTE[dialect].format(column)}, '%', '%%'), 'null')"

    return (
        f"""'{{"id":' || {quoted("i.external_id")} || ',"state":"' || i.status """
        f"""|| '","gold":' || {json_bool("i.gold")} """
        f"""|| ',"answers_count":' || coalesce(i.answers, 0) || ',"label":' || {quoted("i.label")} """
        f"""|| ',"confidence":' || coalesce({_NUMBER[dialect].format("i.confidence")}, 'null') """
        f"""|| ',"ambiguous":' || {json_bool("i.status = 'ambiguous'")} """
        f"""|| ',"label_counts":{{' || coalesce(r.counts, ({counts}), '') """
        f"""|| '}},"answers":[' || coalesce(r.answers, ({answers}), '') || ']}}'"""
    )


PAGE: dict[str, TextClause] = {
    dialect: text(
        f"SELECT i.id, {_item_json(dialect, answers, counts)} "
        "FROM item i LEFT JOIN item_result r ON r.item_id = i.id AND r.item_id > :after "
        "WHERE i.campaign_id = :job AND i.id > :after AND i.status IN ('resolved', 'ambiguous') "
        "ORDER BY i.id LIMIT :size"
    )
    for dialect, (answers, counts) in AGGREGATES.items()
}


@dataclass(frozen=True, slots=True)
class SettledRows:
    items: list[str]  # in id order, each item's JSON object with its workers as placeholders "%(<account id>)s"
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
    return SettledRows([row[1] for row in found[:size]], found[size - 1][0] if len(found) > size else None)


def page_workers(most: int) -> defaultdict[str, str]:
    """Worker names for one page of at most `most` answers: each account id (as text) is given a fresh random
    48-bit name, in hex, the first time it is looked up. Names are distinct within the page and drawn anew for
    every page, so they cannot be linked across pages, to accounts or to exports. The default is the pool's
    iterator, so `template % names` names every worker without a Python call per answer."""
    while True:
        pool = secrets.token_bytes(6 * most).hex(" ", 6).split()
        if len(set(pool)) == len(pool):  # a repeat among 48-bit draws is rare; draw again rather than merge two
            return defaultdict(iter(pool).__next__)
