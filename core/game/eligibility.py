"""Who may be served a campaign beyond its community and level: the reputation a player needs in the
campaign's community, and onboarding gold a player must pass before the campaign's other items."""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from functools import cache

from sqlalchemy import Select, bindparam, select
from sqlmodel import col

from core.db.consensus_tables import PUBLIC, Reputation
from core.db.tables import Assignment, Item
from core.db.uow import Tx, connection
from core.game.campaign_cache import ActiveCampaign

STARTING_REPUTATION = 1.0  # a player no settled item has judged yet (the Reputation row's default)


class Onboarding(Enum):
    PASSED = "passed"  # serve the campaign's items as usual
    GOLD_ONLY = "gold_only"  # still onboarding: only the campaign's gold
    FAILED = "failed"  # answered one of the onboarding gold items wrong: nothing more of this campaign


def verdict(record: Sequence[bool], needed: int) -> Onboarding:
    """The player's first gold answers in the campaign (right or wrong, oldest first) against `needed`."""
    if needed <= 0:
        return Onboarding.PASSED
    first = record[:needed]
    if not all(first):
        return Onboarding.FAILED
    return Onboarding.PASSED if len(first) >= needed else Onboarding.GOLD_ONLY


def reputable(session: Tx, account_id: int, campaigns: Sequence[ActiveCampaign]) -> list[ActiveCampaign]:
    """The campaigns whose minimum reputation (if any) the player holds in the campaign's community."""
    wanted = {c.community_id or PUBLIC for c in campaigns if c.min_reputation is not None}
    if not wanted:
        return list(campaigns)
    rows = connection(session).execute(_scores(), {"account": account_id})
    held = {key: float(score) for key, score in rows if key in wanted}
    return [
        c
        for c in campaigns
        if c.min_reputation is None or held.get(c.community_id or PUBLIC, STARTING_REPUTATION) >= c.min_reputation
    ]


def onboarding(session: Tx, account_id: int, campaign: ActiveCampaign) -> Onboarding:
    if not campaign.onboarding_gold:
        return Onboarding.PASSED
    params = {"campaign": campaign.id, "account": account_id, "needed": campaign.onboarding_gold}
    record = connection(session).execute(_onboarding_record(), params)
    return verdict([bool(right) for right in record.scalars()], campaign.onboarding_gold)


@cache
def _scores() -> Select:
    """The player's reputation in every community they have one in (a few rows): one statement built once, where
    a list of the communities wanted would be rendered into its SQL on every pick."""
    return select(col(Reputation.community_key), col(Reputation.score)).where(
        col(Reputation.account_id) == bindparam("account")
    )


@cache
def _onboarding_record() -> Select:
    """The player's first `:needed` judged gold answers in campaign `:campaign`, oldest first. Built once: it runs
    on every pick of a campaign with onboarding, and building it cost more than running it."""
    return (
        select(col(Assignment.correct))
        .join(Item, col(Item.id) == col(Assignment.item_id))
        .where(
            col(Item.campaign_id) == bindparam("campaign"),
            col(Assignment.account_id) == bindparam("account"),
            col(Assignment.gold).is_(True),
            col(Assignment.correct).is_not(None),
        )
        .order_by(col(Assignment.answered_at), col(Assignment.id))
        .limit(bindparam("needed"))
    )
