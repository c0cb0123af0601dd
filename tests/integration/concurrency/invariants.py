"""What must hold after many players pressed at once from several processes, read from the rows alone."""

from __future__ import annotations

from collections import Counter
from types import SimpleNamespace

import numpy as np
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.consensus_tables import Receipt
from core.db.tables import Assignment, CheckInDay, Identity, Item, LedgerEntry, LinkCode
from core.game import settlement
from core.settings.game import ConsensusSettings

CHOICES = ("human", "bot")  # the test pack's choices, in its order


def contribution(choice: str) -> np.ndarray:
    """What one counted answer adds to an item's log-posterior: every player here is fresh (no gold, no refit)."""
    fresh = SimpleNamespace(confusion=None)
    defaults = ConsensusSettings()
    prior = (defaults.prior_correct, defaults.prior_wrong)
    return settlement.likelihood(len(CHOICES), CHOICES.index(choice), fresh, "", prior)


async def posterior_is_the_sum_of_its_answers(session: AsyncSession) -> None:
    """An item counts each answer once: its count and posterior are those of the answers it counted (all of
    its counted answers while open; those with a receipt once settled)."""
    answered = list(await session.scalars(select(Assignment).where(Assignment.answered_at.is_not(None))))
    receipts = {r.assignment_id for r in await session.scalars(select(Receipt))}
    items = list(await session.scalars(select(Item).where(Item.gold.is_(False))))
    assert items and any(item.answers for item in items), "nothing was answered"
    for item in items:
        mine = [a for a in answered if a.item_id == item.id and a.counted]
        if item.status != "open":
            mine = [a for a in mine if a.id in receipts]
        assert item.answers == len(mine), f"item {item.id}: count {item.answers}, {len(mine)} answers counted"
        expected = sum((contribution(a.choice or "") for a in mine), np.zeros(len(CHOICES)))
        actual = np.asarray(item.log_posterior or np.zeros(len(CHOICES)))
        assert np.allclose(actual, expected, atol=1e-4), f"item {item.id}: posterior {actual}, answers {expected}"


async def one_check_in_per_day(session: AsyncSession, players: int) -> None:
    days = Counter(row.account_id for row in await session.scalars(select(CheckInDay)))
    paid = Counter(
        e.account_id for e in await session.scalars(select(LedgerEntry).where(LedgerEntry.reason == "check_in"))
    )
    assert len(days) == players and set(days.values()) == {1}, days
    assert paid == days


async def link_code_used_once(session: AsyncSession, code: str) -> None:
    row = await session.get(LinkCode, code)
    assert row is not None and row.used_at is not None
    linked = list(
        await session.scalars(
            select(Identity).where(Identity.account_id == row.account_id, Identity.platform == "discord")
        )
    )
    assert len(linked) == 1, [i.external_id for i in linked]


async def deadlocks(session: AsyncSession) -> int:
    """The deadlocks PostgreSQL has detected in this database so far (its statistics, read afresh)."""
    await session.execute(text("SELECT pg_stat_clear_snapshot()"))
    found = await session.scalar(text("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()"))
    return int(found or 0)


async def no_deadlocks(session: AsyncSession, before: int) -> None:
    """No transaction deadlocked since `before` was read: every path took its locks in the one order."""
    after = await deadlocks(session)
    assert after == before, f"{after - before} deadlocks"
