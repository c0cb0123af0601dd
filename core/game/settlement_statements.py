"""The settlement's SQL statements (`core.game.settlement`), built once: a refit settles thousands of items in a
row, and building these cost more than running them."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import and_, bindparam, column, select, table, update
from sqlmodel import col

from core.db.consensus_tables import CampaignWorker, Reputation
from core.db.tables import Account, Assignment, Item

# The row an upsert would have inserted, as both databases name it in ON CONFLICT DO UPDATE.
EXCLUDED = table("excluded", column("score"), column("agreed"))


@cache
def close_item() -> Any:
    return (
        update(Item)
        .where(and_(col(Item.id) == bindparam("item"), col(Item.status) == "open"))
        .values(
            status=bindparam("status"),
            label=bindparam("label"),
            confidence=bindparam("confidence"),
            resolved_at=bindparam("now"),
        )
    )


@cache
def reputation_moves() -> dict[str, Any]:
    return {
        "score": col(Reputation.score) + EXCLUDED.c.score - 1.0,
        "settled": col(Reputation.settled) + 1,
        "agreed": col(Reputation.agreed) + EXCLUDED.c.agreed,
    }


@cache
def answers_with_reputation() -> Any:
    return (
        select(
            col(Assignment.id),
            col(Assignment.account_id),
            col(Assignment.choice),
            col(Reputation.score),
            col(Reputation.settled),
            col(Reputation.agreed),
            col(Account.gold_recent),
            col(CampaignWorker.weight),
            col(CampaignWorker.suspended),
            col(CampaignWorker.confusion),
        )
        .join(Account, col(Account.id) == col(Assignment.account_id))
        .outerjoin(
            Reputation,
            and_(
                col(Reputation.account_id) == col(Assignment.account_id),
                col(Reputation.community_key) == bindparam("community"),
            ),
        )
        .outerjoin(CampaignWorker, campaign_worker())
        .where(*counted_answers_of_item())
        .order_by(col(Assignment.id))
    )


def campaign_worker() -> Any:
    """An answer's worker model in the campaign (`:campaign`), when the refit has fitted one."""
    return and_(
        col(CampaignWorker.account_id) == col(Assignment.account_id),
        col(CampaignWorker.campaign_id) == bindparam("campaign"),
    )


def counted_answers_of_item() -> tuple[Any, ...]:
    """The answers of item `:item` that count toward its consensus."""
    return (
        col(Assignment.item_id) == bindparam("item"),
        col(Assignment.counted).is_(True),
        col(Assignment.answered_at).is_not(None),
    )


@cache
def numeric_answers() -> Any:
    return (
        select(col(Assignment.choice), col(CampaignWorker.suspended))
        .outerjoin(CampaignWorker, campaign_worker())
        .where(*counted_answers_of_item())
    )


@cache
def locked_item() -> Any:
    return (
        select(col(Item.status), col(Item.answers), col(Item.log_posterior))
        .where(col(Item.id) == bindparam("item"))
        .with_for_update(key_share=True)
    )


@cache
def count_item() -> Any:
    return (
        update(Item)
        .where(col(Item.id) == bindparam("item"))
        .values(answers=col(Item.answers) + 1, log_posterior=bindparam("posterior"), ask_value=bindparam("value"))
    )
