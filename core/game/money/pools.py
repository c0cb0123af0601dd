"""Settlement draws each resolved item's reward from its campaign's pool, in the settling transaction (the pool's
row is step 3 of `payroll`'s lock order; the campaign's, when the pool ran dry, step 4)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, insert, select, update
from sqlmodel import col

from core.db.campaign_tables import CampaignEvent
from core.db.tables import Campaign, Identity, Membership
from core.db.uow import Tx, connection
from core.game import book, notices
from core.game.campaign_cache import ActiveCampaign
from core.types import NoticeKind

REASON = "settlement"
STOPPED = "pool_empty"  # the campaign event of a campaign paused because its pool can't pay the next item


def take(session: Tx, campaign: ActiveCampaign, anyone_agreed: bool) -> tuple[int, int | None]:
    """The item's reward, taken from the pool if it holds all of it (an item is never paid in part), and what the
    pool holds after it (None when it was not read: nothing was wanted, or the pool could not pay).

    One conditional UPDATE on the pool's row (step 3 of `payroll`'s lock order), so concurrent settlements of one
    campaign draw from it one at a time.
    """
    wanted = campaign.points_per_item
    if not wanted or not anyone_agreed:
        return 0, None
    left = book.take_returning(session, book.pool(campaign.id), wanted)
    return (0, None) if left is None else (wanted, left)


def pay_share(
    session: Tx, campaign_id: int, account_id: int, amount: int, item_id: int, now: datetime, change: int | None = None
) -> int:
    """One agreeing player's share: from the pool to their pending points. `change`: the label change that made
    them agree (a refit's correction), so each change pays a share once."""
    ref = share_ref(item_id, change)
    return book.move(session, book.pool(campaign_id), book.pending(account_id), amount, REASON, ref, now, account_id)


def share_ref(item_id: int, change: int | None = None) -> str:
    return f"item:{item_id}" if change is None else f"item:{item_id}/{change}"


def item_of(ref: str) -> int:
    """The item a share's ref names (`share_ref`)."""
    return int(ref.removeprefix("item:").split("/", 1)[0])


def stop_if_unfunded(session: Tx, campaign: ActiveCampaign, now: datetime, left: int | None = None) -> bool:
    """Pause a campaign whose pool can't pay its next item, and tell its admins; True when it was paused now.
    `left`: what the pool holds, when the caller has just read it (else it is read here)."""
    if not (campaign.stops_when_unfunded and campaign.points_per_item):
        return False
    if left is None:
        left = book.balance(session, book.pool(campaign.id))
    if left >= campaign.points_per_item:
        return False
    conn = connection(session)
    paused = conn.execute(
        update(Campaign)
        .where(col(Campaign.id) == campaign.id, col(Campaign.status) == "active")
        .values(status="paused")
    )
    if paused.rowcount == 0:
        return False
    conn.execute(
        insert(CampaignEvent).values(
            campaign_id=campaign.id, actor="settlement", action=STOPPED, detail={"pool": left}, created_at=now
        )
    )
    facts: notices.Facts = {"campaign": campaign.name, "pool": left, "points_per_item": campaign.points_per_item}
    for account_id in _runners(session, campaign):
        notices.push(session, account_id, NoticeKind.POOL_EMPTY, facts, now)
    return True


def _runners(session: Tx, campaign: ActiveCampaign) -> list[int]:
    """Who runs the campaign: its community's moderators and the admin who made it (when they play)."""
    conn = connection(session)
    made_by = conn.execute(select(col(Campaign.created_by)).where(col(Campaign.id) == campaign.id)).scalar() or ""
    platform, _, external_id = made_by.partition(":")
    found = conn.execute(
        select(col(Identity.account_id)).where(
            and_(col(Identity.platform) == platform, col(Identity.external_id) == external_id)
        )
    ).scalars()
    ids = set(found)
    if campaign.community_id is not None:
        mods = conn.execute(
            select(col(Membership.account_id)).where(
                col(Membership.community_id) == campaign.community_id,
                col(Membership.moderator).is_(True),
                col(Membership.banned).is_(False),
            )
        ).scalars()
        ids.update(mods)
    return sorted(ids)
