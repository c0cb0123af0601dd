"""Settlements that cross, from several worker processes at once on one PostgreSQL database.

Players answer round after round on the items of three campaigns; an item settles on its third agreeing answer and
pays its three winners, who are answering other items meanwhile. So settlements of different items and pools pay
the same players in different orders while those players' own answers settle others: only one lock order for
every paying path (`core.game.money.payroll`) keeps them from deadlocking. With answers paid from a small daily
budget, the budget runs out mid-flight: it is never overdrawn, and once an answer goes unpaid nothing is left.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import open_game
from core.db.tables import Account, Assignment, LedgerEntry
from core.game import book
from core.game.streaks import game_day
from tests.integration.concurrency import invariants, processes
from tests.integration.concurrency.processes import release_together
from tests.integration.concurrency.settling_player import settling_settings
from tests.integration.game.crash_ledger import _every_settled_item_paid_its_reward
from tests.support import fund_pools, postgres_database, text_pack

PLAYER = "tests.integration.concurrency.settling_player"
PROCESSES, PLAYERS = 3, 8  # 24 players answering at once
PACKS = [text_pack(f"cross-{name}", items=40, gold_every=1000) for name in "abc"]  # three campaigns, three pools

pytestmark = pytest.mark.postgres


def spawn(url: str, data_dir: Path, first: int, points_answer: int, budget: int) -> subprocess.Popen[str]:
    return processes.spawn(PLAYER, url, data_dir, first, PLAYERS, points_answer, budget)


@pytest.mark.parametrize(
    ("points_answer", "budget"), [(0, 10_000), (1, 60)], ids=["settlements-cross", "budget-runs-out"]
)
async def test_crossing_settlements_never_deadlock(tmp_path: Path, points_answer: int, budget: int) -> None:
    async with postgres_database() as url:
        settings = settling_settings(tmp_path, url, points_answer, budget)
        async with open_game(settings, packs=PACKS) as game:
            await fund_pools(game)
            before = await game.deps.db.transaction(invariants.deadlocks)
            workers = [spawn(url, tmp_path, 1 + p * PLAYERS, points_answer, budget) for p in range(PROCESSES)]
            seen = [player for played in release_together(workers, "go") for player in played]
            await game.deps.db.transaction(lambda session: invariants.no_deadlocks(session, before))
            assert [f for s in seen for f in s["failures"]] == [], seen
            day = book.engagement_day(game_day(game.deps.clock.now(), settings.checkin.day_starts_at_hour))

            async def check(session: AsyncSession) -> None:
                await invariants.posterior_is_the_sum_of_its_answers(session)
                answered = {a.id: a for a in await session.scalars(select(Assignment))}
                entries = list(await session.scalars(select(LedgerEntry)))
                assert await _every_settled_item_paid_its_reward(session, answered, entries) > len(seen)
                points = dict((await session.execute(select(Account.id, Account.points))).all())
                earned = dict(
                    (
                        await session.execute(
                            select(LedgerEntry.account_id, func.sum(LedgerEntry.amount)).group_by(
                                LedgerEntry.account_id
                            )
                        )
                    ).all()
                )
                assert {a: p for a, p in points.items() if p} == earned
                await budget_kept(session, day, budget, points_answer)

            await game.deps.db.transaction(check)
            audit = await game.economy.audit()
            assert audit.balanced and audit.cached and audit.ok, audit


async def budget_kept(session: AsyncSession, day: str, budget: int, points_answer: int) -> None:
    """What the day paid is what left its budget, never more; an answer left unpaid found nothing left."""
    paid = await session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount), 0)).where(LedgerEntry.reason.in_(("answer", "check_in")))
    )
    left = await session.run_sync(book.balance, day)
    assert int(paid or 0) + left == budget and left >= 0, (paid, left)
    counted = await session.scalar(select(func.count()).select_from(Assignment).where(Assignment.counted))
    answers = await session.scalar(select(func.count()).select_from(LedgerEntry).where(LedgerEntry.reason == "answer"))
    if points_answer:
        assert answers < counted, "the budget was meant to run out"
        assert left < points_answer, f"{left} points left while an answer went unpaid"
