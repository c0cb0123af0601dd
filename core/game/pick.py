"""The pick's statements: a campaign's best candidate for a player, drawn among equals, and its assignment.

The draw among equals is made in the statement itself from a uniform number the caller draws (`:draw`), so the
pick returns one row instead of every candidate; on PostgreSQL the assignment is inserted by the same statement
(a data-modifying CTE), which saves the answer path a round trip on every answer. SQLite, which has no such
CTEs and no round trips to save, inserts the picked item in a second statement.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    Integer,
    Select,
    Text,
    bindparam,
    exists,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlmodel import col

from core.db.campaign_tables import ItemLink
from core.db.tables import Assignment, Campaign, Item

# The comparison answers come back as JSON text and are decoded only for the item actually served.
ITEM_COLUMNS = (
    col(Item.id),
    col(Item.campaign_id),
    col(Item.text),
    col(Item.image),
    type_coerce(col(Item.answers_shown), Text).label("answers_shown"),
    col(Item.answers),
    col(Item.gold),
    col(Item.ask_value),
)
ITEM_NAMES = tuple(select(*ITEM_COLUMNS).selected_columns.keys())


@cache
def candidates(gold: bool, limit: int) -> Select:
    """Campaign `:campaign`'s best `limit` open items for the player, best first."""
    seen = exists().where(col(Assignment.item_id) == col(Item.id), col(Assignment.account_id) == bindparam("account"))
    # A link pack's item waits until the scheduled job has fetched its image.
    unfetched = exists().where(col(ItemLink.item_id) == col(Item.id))
    # Gold items never resolve; the least used one keeps gold spread evenly over players. Other items go where one
    # more answer is worth most (the stored `ask_value`: the uncertainty of the item's posterior), then the most
    # answered among equals, which finishes started items before new ones are begun.
    order = (col(Item.answers).asc(),) if gold else (col(Item.ask_value).desc(), col(Item.answers).desc())
    # "+ 0" keeps SQLite's planner off ix_item_pick for the other items: it preferred that index's range on answers
    # to walking ix_item_value in order, and then sorted every open item of the campaign on each pick.
    answers = col(Item.answers) if gold else col(Item.answers) + 0
    return (
        select(*ITEM_COLUMNS)
        .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
        .where(
            col(Item.campaign_id) == bindparam("campaign"),
            col(Item.gold).is_(gold),
            col(Item.status) == "open",
            answers < bindparam("cap"),
            col(Campaign.status) == "active",
            ~seen,
            or_(col(Item.image).is_not(None), ~unfetched),
        )
        .order_by(*order)
        # Written into the SQL (a setting, so one statement): PostgreSQL plans a prepared statement with an unknown
        # LIMIT for a tenth of the rows, finds that plan dearer than one for the real limit, and so re-plans the
        # pick on every answer (more time than running it) instead of keeping its generic plan. (Nor is anything
        # left for SQLAlchemy to render into the SQL at each execution, which cost as much again.)
        .limit(literal_column(str(int(limit)), Integer))
    )


@cache
def best(gold: bool, limit: int) -> Select:
    """One of the candidates that rank first (by answers for gold, by ask value otherwise), the `:draw`-th share
    of them in id order: with `:draw` uniform in [0, 1), each is as likely as the others, so players do not all
    crowd one item."""
    found = candidates(gold, limit).subquery("candidate")
    rank = found.c.answers if gold else found.c.ask_value
    ranked = select(
        *(found.c[name] for name in ITEM_NAMES), (func.min(rank) if gold else func.max(rank)).over().label("best_rank")
    ).subquery("ranked")
    first = ranked.c.answers if gold else ranked.c.ask_value
    equals = (
        select(
            *(ranked.c[name] for name in ITEM_NAMES),
            (func.row_number().over(order_by=ranked.c.id) - 1).label("k"),
            func.count().over().label("n"),
        )
        .where(first == ranked.c.best_rank)
        .subquery("equal")
    )
    share = bindparam("draw", type_=Float) * equals.c.n
    return select(*(equals.c[name] for name in ITEM_NAMES)).where(equals.c.k <= share, share < equals.c.k + 1)


@cache
def assigned(gold: bool, limit: int) -> Select:
    """PostgreSQL: `best` and its assignment in one statement; the row has the item and the new `task_id`."""
    picked = best(gold, limit).cte("picked")
    shown = (
        insert(Assignment)
        .from_select(
            ["item_id", "account_id", "level", "gold", "shown_at", "counted"],
            select(
                picked.c.id,
                bindparam("account", type_=Integer),
                bindparam("level", type_=Integer),
                picked.c.gold,
                bindparam("now", type_=DateTime(timezone=True)),
                literal(False, Boolean),
            ),
        )
        .returning(col(Assignment.id), col(Assignment.item_id))
        .cte("shown")
    )
    return select(shown.c.id.label("task_id"), *(picked.c[name] for name in ITEM_NAMES)).join_from(
        picked, shown, shown.c.item_id == picked.c.id
    )


@cache
def assign() -> Any:
    """SQLite: the picked item's assignment."""
    return (
        insert(Assignment)
        .values(
            item_id=bindparam("item"),
            account_id=bindparam("account"),
            level=bindparam("level"),
            gold=bindparam("gold"),
            shown_at=bindparam("now"),
            counted=False,
        )
        .returning(col(Assignment.id))
    )
