"""Admins fund campaign pools, the engagement reserve and requesters' deposits from the treasury; closing a
campaign refunds its pool to where it came from."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.requester_tables import RequesterJob
from core.db.results import stored_id
from core.db.uow import Tx, connection
from core.errors import NotFunder, NoTreasury, TreasuryShort, WrongStatus
from core.game import book
from core.game.admin import campaigns
from core.game.admin.authz import actor, is_admin
from core.game.admin.campaigns import CampaignRef
from core.game.claims import format_tokens, to_units
from core.game.deps import GameDeps
from core.game.money.audit import owed
from core.game.money.refill import resume_if_refilled
from core.game.money.treasury import Treasury, points_held, points_of_tokens
from core.sentences import N_
from core.types import CampaignStatus, Funded, UserRef


async def fund_pool(deps: GameDeps, user: UserRef, ref: CampaignRef, tokens: str, treasury: Treasury | None) -> Funded:
    """Move `tokens` (exactly, in points) from the treasury to the campaign's pool; a campaign its empty pool
    paused serves again once the pool pays its next item."""
    if not is_admin(deps.settings, user):
        raise NotFunder()  # before the amount is read: refused callers learn nothing and cause nothing
    points = points_of_tokens(tokens, deps.settings.rewards)
    held = await treasury_units(treasury)

    async def work(session: AsyncSession) -> Funded:
        campaign = await campaigns.find(session, ref, money=True)
        if campaign.status == CampaignStatus.CLOSED:
            raise WrongStatus(campaign.name, campaign.status, "funded")
        now = deps.clock.now()
        name = book.pool(stored_id(campaign))
        await session.run_sync(draw_backed, deps, name, points, held, f"{campaign.id}:{secrets.token_hex(8)}", now)
        await campaigns.record(session, stored_id(campaign), actor(user), "fund", now, points=points)
        await resume_if_refilled(session, campaign, now)
        return _funded(deps, name, campaign.name, points, await book.abalance(session, name))

    funded = await deps.db.transaction(work)
    deps.campaigns.invalidate()  # serving in this process sees a campaign the funding resumed at once
    return funded


async def fund_engagement(deps: GameDeps, user: UserRef, tokens: str, treasury: Treasury | None) -> Funded:
    """Move `tokens` from the treasury to the engagement reserve (check-ins, level-ups, referrals)."""
    if not is_admin(deps.settings, user):
        raise NotFunder()
    points = points_of_tokens(tokens, deps.settings.rewards)
    held = await treasury_units(treasury)

    async def work(session: AsyncSession) -> Funded:
        now = deps.clock.now()
        await session.run_sync(
            draw_backed, deps, book.ENGAGEMENT, points, held, f"{actor(user)}:{secrets.token_hex(8)}", now
        )
        return _funded(deps, book.ENGAGEMENT, None, points, await book.abalance(session, book.ENGAGEMENT))

    return await deps.db.transaction(work)


async def draw(deps: GameDeps, name: str, points: int, held_units: int, ref: str) -> int:
    """Move `points` from the treasury to the book account `name`, checked against `held_units`; no authorisation
    (the composition root seeding a development pool, and fund_pool/fund_engagement after theirs)."""
    now = deps.clock.now()
    await deps.db.run(lambda session: draw_backed(session, deps, name, points, held_units, ref, now))
    return points


def refund_pool(session: Tx, campaign_id: int, now: datetime) -> int:
    """Closing: what the pool still holds goes back to its requester's deposit for a job posted through the API,
    else to the treasury; returns the points refunded."""
    name = book.pool(campaign_id)
    left = book.lock(session, name)
    owner = (
        connection(session)
        .execute(select(col(RequesterJob.requester_id)).where(col(RequesterJob.campaign_id) == campaign_id))
        .scalar()
    )
    back = book.deposit(owner) if owner is not None else book.TREASURY
    return book.move(session, name, back, left, "refund", str(campaign_id), now)


def draw_backed(
    session: Tx, deps: GameDeps, name: str, points: int, held_units: int, ref: str, now: datetime, reason: str = "fund"
) -> None:
    """Move `points` from the treasury to `name` if what the chain holds still covers everything owed after it."""
    # The treasury's row lock puts every funding in line, so two cannot both fit into the same headroom.
    book.lock(session, book.TREASURY)
    rules = deps.settings.rewards
    headroom = points_held(held_units, rules) - owed(session)
    if points > headroom:
        raise TreasuryShort(
            N_(
                "The treasury can't back that: it holds {tokens} tokens and {headroom} points of it are not yet "
                "promised; fund at most that."
            ),
            tokens=format_tokens(held_units, rules.token_decimals),
            headroom=max(0, headroom),
        )
    book.move(session, book.TREASURY, name, points, reason, ref, now, covered=False)


async def treasury_units(treasury: Treasury | None) -> int:
    if treasury is None:
        raise NoTreasury()
    return await treasury.balance_units()


def _funded(deps: GameDeps, name: str, campaign: str | None, points: int, balance: int) -> Funded:
    rules = deps.settings.rewards
    return Funded(
        account=name,
        campaign=campaign,
        points=points,
        balance=balance,
        tokens=format_tokens(to_units(points, rules), rules.token_decimals),
        balance_tokens=format_tokens(to_units(balance, rules), rules.token_decimals),
        rate=rules.tokens_per_point,
    )
