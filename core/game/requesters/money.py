"""A requester's money: its deposit (credited by an operator, backed by the treasury like admin funding), the
jobs' pools it funds from there, and what each job spent and has left. Closing a job refunds its pool to the
deposit (`funding.refund_pool`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.requester_tables import Requester
from core.db.results import stored_id
from core.errors import DepositShort, RequesterError, WrongStatus
from core.game import book
from core.game.admin import campaigns
from core.game.admin.authz import actor
from core.game.admin.manage import invalidate
from core.game.deps import GameDeps
from core.game.money.funding import draw_backed, treasury_units
from core.game.money.refill import resume_if_refilled
from core.game.money.spend import of_pool as spent_from_pool
from core.game.money.treasury import Treasury, points_of_tokens
from core.game.requesters.accounts import principal
from core.game.requesters.jobs import owned
from core.types import CampaignStatus
from core.types.requesters import RequesterInfo

DEPOSIT = "deposit"  # the book entry's reason when the treasury backs a requester's deposit


@dataclass(frozen=True, slots=True)
class Deposited:
    requester: str
    points: int  # credited now
    deposit: int  # the deposit's points after it


@dataclass(frozen=True, slots=True)
class JobMoney:
    job_id: int
    deposit: int  # the requester's deposit, not yet in any pool
    left: int  # what the job's pool still holds
    funded: int  # put into the pool in all
    spent: int  # paid out of the pool to players who agreed with consensus, less what corrections took back
    items_paid: int  # settled items whose reward players hold
    refunded: int  # returned to the deposit when the job closed
    reward_per_item: int


async def credit(deps: GameDeps, name: str, tokens: str, treasury: Treasury | None) -> Deposited:
    """The operator credits `tokens` to a requester's deposit: the treasury must hold them, not yet promised."""
    points = points_of_tokens(tokens, deps.settings.rewards)
    held = await treasury_units(treasury)

    async def work(session: AsyncSession) -> Deposited:
        row = await session.scalar(select(Requester).where(col(Requester.name) == name.strip()))
        if row is None:
            raise RequesterError(f"There is no requester {name.strip()!r}.")
        account = book.deposit(stored_id(row))
        ref = f"{row.id}:{secrets.token_hex(8)}"
        await session.run_sync(draw_backed, deps, account, points, held, ref, deps.clock.now(), DEPOSIT)
        return Deposited(row.name, points, await book.abalance(session, account))

    return await deps.db.transaction(work)


async def fund(deps: GameDeps, requester: RequesterInfo, job_id: int, tokens: str) -> JobMoney:
    """Move `tokens` from the requester's deposit into the job's pool; DepositShort (nothing moves) when the
    deposit holds less. A job its empty pool paused serves again once the pool pays its next item."""
    points = points_of_tokens(tokens, deps.settings.rewards)

    async def work(session: AsyncSession) -> JobMoney:
        await owned(session, requester, job_id)
        campaign = await campaigns.find(session, job_id, money=True)
        if campaign.status == CampaignStatus.CLOSED:
            raise WrongStatus(campaign.name, campaign.status, "funded")
        now = deps.clock.now()
        account = book.deposit(requester.requester_id)
        ref = f"{job_id}:{secrets.token_hex(8)}"
        moved = await session.run_sync(book.move, account, book.pool(job_id), points, "fund", ref, now)
        if not moved:
            have = await book.abalance(session, account)
            raise DepositShort(f"Your deposit holds {have} points; this job's funding asked for {points}.")
        await campaigns.record(session, job_id, actor(principal(requester)), "fund", now, points=points)
        await resume_if_refilled(session, campaign, now)
        return await _job_money(session, requester, job_id, campaign.points_per_item)

    result = await deps.db.transaction(work)
    invalidate(deps)  # the served campaigns show whether their pool pays
    return result


async def job_money(deps: GameDeps, requester: RequesterInfo, job_id: int) -> JobMoney:
    async def work(session: AsyncSession) -> JobMoney:
        campaign = await owned(session, requester, job_id)
        return await _job_money(session, requester, job_id, campaign.points_per_item)

    return await deps.db.transaction(work)


async def deposit_of(deps: GameDeps, requester: RequesterInfo) -> int:
    return await deps.db.run(lambda session: book.balance(session, book.deposit(requester.requester_id)))


async def _job_money(session: AsyncSession, requester: RequesterInfo, job_id: int, per_item: int) -> JobMoney:
    pool = book.pool(job_id)
    totals = {
        (debit, reason): int(amount)
        for debit, reason, amount in await session.execute(
            select(col(BookEntry.debit), col(BookEntry.reason), func.sum(col(BookEntry.amount)))
            .where((col(BookEntry.credit) == pool) | (col(BookEntry.debit) == pool))
            .group_by(col(BookEntry.debit), col(BookEntry.reason))
        )
    }
    funded = sum(amount for (debit, reason), amount in totals.items() if debit != pool and reason == "fund")
    spend = await session.run_sync(spent_from_pool, job_id)  # net of a refit's corrections
    deposit, left = (await session.run_sync(book.balances, (book.deposit(requester.requester_id), pool))).values()
    return JobMoney(
        job_id=job_id,
        deposit=deposit,
        left=left,
        funded=funded,
        spent=spend.points,
        items_paid=spend.items,
        refunded=totals.get((pool, "refund"), 0),
        reward_per_item=per_item,
    )
