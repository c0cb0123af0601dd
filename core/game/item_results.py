"""Each settled item's answers and label counts as JSON text (`item_result`), as the results page shows them.

The text is written when the item settles and rewritten, under the item's lock, by every answer recorded after
that (a late answer: settled items still take answers). Nothing else changes what a page shows of an item's
answers: a refit's label change is recorded beside the item (`LabelChange`), and the page reads the item's own
fields (state, label, confidence) from the item. An item without a row (settled before the table existed) is
aggregated by the page itself, with the same SQL.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import TextClause, bindparam, select, text
from sqlmodel import col

from core.db.tables import Item
from core.db.uow import Tx, connection

SETTLED = ("resolved", "ambiguous")
_SETTLED_SQL = "('resolved', 'ambiguous')"


# Choice keys are lower-case letters, digits, _ and - (numbers for numeric jobs), times are digits: the answers'
# JSON needs no escaping, and "%(" occurs only in the worker placeholders "%(<account id>)s".
def json_bool(condition: str) -> str:
    """SQL for the JSON text of a condition: true or false."""
    return f"CASE WHEN {condition} THEN 'true' ELSE 'false' END"


def _answer(when: str) -> str:
    return (
        """'{"worker":"w%(' || a.account_id || ')s","choice":"' || a.choice || '","answered_at":"' || """
        f"""{when} || '+00:00","counted":' || {json_bool("a.counted")} || '}}'"""
    )


# Both subqueries read the covering index ix_assignment_item_answers (item_id, answered_at, ...), which also
# gives the answers in time order; ties (one second, two workers) go by account, so a page reads the same twice.
_ANSWERED = "FROM assignment a WHERE a.item_id = i.id AND a.answered_at IS NOT NULL"
# Label counts: counted answers only, the most frequent first, ties by the label answered first.
_COUNTED = f"SELECT a.choice, count(*) AS n, min(a.answered_at) AS first {_ANSWERED} AND a.counted GROUP BY a.choice"
_COUNT = """'"' || c.choice || '":' || c.n"""
_SQLITE_TIME = "replace(a.answered_at, ' ', 'T')"
_POSTGRES_TIME = """to_char(a.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')"""
# (answers, counts) of item `i` as scalar subqueries. SQLite 3.40 has no ORDER BY inside an aggregate: its
# group_concat follows an ordered subquery.
AGGREGATES = {
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


def _rewrite(where: str) -> dict[str, TextClause]:
    return {
        dialect: text(
            f"INSERT INTO item_result (item_id, answers, counts) "
            f"SELECT i.id, coalesce(({answers}), ''), coalesce(({counts}), '') FROM item i WHERE {where} "
            "ON CONFLICT (item_id) DO UPDATE SET answers = excluded.answers, counts = excluded.counts"
        )
        for dialect, (answers, counts) in AGGREGATES.items()
    }


_ONE = _rewrite("i.id = :item")
_CAMPAIGN = _rewrite(f"i.campaign_id = :campaign AND i.status IN {_SETTLED_SQL}")


def write(session: Tx, item_id: int) -> None:
    """(Re)write the item's row from its answers; the caller holds the item's lock (or settles it)."""
    conn = connection(session)
    conn.execute(_ONE[conn.dialect.name], {"item": item_id})


def after_answer(session: Tx, item_id: int) -> None:
    """An answer was recorded on the item outside its settlement: if the item is settled, or was settled by
    another transaction meanwhile, rewrite its row. The lock comes first (PostgreSQL; SQLite has one writer):
    a settlement still open elsewhere is waited for, and its row, which could not see this answer, rewritten;
    one that has not begun waits for this transaction and then sees the answer."""
    locked = connection(session).execute(_locked(), {"item": item_id}).first()
    if locked is not None and locked.status in SETTLED:
        write(session, item_id)


def write_campaign(session: Tx, campaign_id: int) -> None:
    """Every settled item of the campaign, in one statement (items settled in bulk, as a bench settles them)."""
    conn = connection(session)
    conn.execute(_CAMPAIGN[conn.dialect.name], {"campaign": campaign_id})


@cache
def _locked() -> Any:
    return select(col(Item.status)).where(col(Item.id) == bindparam("item")).with_for_update(key_share=True)
