"""The embedded development treasury put to work, so a game on the embedded defaults pays real points.

At start on the embedded chain (never on a configured one: the composition root decides), the test tokens the
chain minted fund the engagement reserve and the pool of every shipped campaign, with the same book entries an
admin's funding makes (treasury -> account, reason "fund"), in one transaction checked against what the chain
holds. Each account is funded once, under a ref naming it: a later start funds only what is new (a campaign an
update ships), and a second process starting at the same moment is stopped by the book's unique entries.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.results import id_column
from core.db.tables import Campaign, Item
from core.errors import TreasuryShort
from core.game import book
from core.game.deps import GameDeps
from core.game.money.audit import owed
from core.game.money.treasury import Treasury, points_held
from core.sentences import N_
from core.types import CampaignStatus, DevFunding

REF = "dev-treasury"
FUND = "fund"  # the reason of an admin's funding (`funding`)
ENGAGEMENT_DAYS = 365  # the reserve holds this many days of the engagement budget


async def fund_shipped_campaigns(deps: GameDeps, treasury: Treasury) -> DevFunding:
    """Fund the engagement reserve and every shipped campaign's pool not funded by an earlier start: each pool
    with enough for every one of its items to pay, the reserve with a year of the daily engagement budget."""
    held = await treasury.balance_units()
    now = deps.clock.now()

    def work(session: Session) -> DevFunding:
        book.lock(session, book.TREASURY)  # in line with every other funding (see `funding`)
        done = set(session.execute(select(col(BookEntry.ref)).where(col(BookEntry.ref).like(f"{REF}:%"))).scalars())
        wanted = [(name, points) for name, points in _plan(session, deps) if f"{REF}:{name}" not in done]
        total = sum(points for _, points in wanted)
        headroom = points_held(held, deps.settings.rewards) - owed(session)
        if total > headroom:
            raise TreasuryShort(
                N_("The embedded treasury holds {headroom} points not yet promised; {total} are needed."),
                headroom=headroom,
                total=total,
            )
        for name, points in wanted:
            book.move(session, book.TREASURY, name, points, FUND, f"{REF}:{name}", now, covered=False)
        pools = [points for name, points in wanted if name != book.ENGAGEMENT]
        return DevFunding(len(pools), sum(pools), total - sum(pools))

    return await deps.db.run(work)


def _plan(session: Session, deps: GameDeps) -> list[tuple[str, int]]:
    """(account, points) for the reserve and each shipped campaign that pays (shipped: made from a pack at
    start, so by nobody), its points enough for every item that is not a check."""
    items = (
        select(id_column(Campaign.id), col(Campaign.points_per_item), func.count(col(Item.id)))
        .join(Item, col(Item.campaign_id) == col(Campaign.id))
        .where(
            col(Campaign.created_by).is_(None),
            col(Campaign.points_per_item) > 0,
            col(Campaign.status) != CampaignStatus.CLOSED.value,
            col(Item.gold).is_(False),
        )
        .group_by(col(Campaign.id), col(Campaign.points_per_item))
        .order_by(col(Campaign.id))
    )
    pools = [(book.pool(campaign_id), int(per_item) * int(n)) for campaign_id, per_item, n in session.execute(items)]
    reserve = ENGAGEMENT_DAYS * deps.settings.rewards.engagement_points_per_day
    return [(book.ENGAGEMENT, reserve), *pools] if reserve else pools
