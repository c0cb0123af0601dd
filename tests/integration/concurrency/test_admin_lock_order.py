"""Changes of a campaign's money take its pool's row before the campaign's, as every paying transaction does.

A settlement that empties a pool pauses its campaign while it holds the pool (`core.game.money.payroll`); an admin
funding or closing the campaign at that moment must not hold the campaign while it waits for the pool, or each
waits for the other (a deadlock, one of them killed). Here another connection holds the pool's row the way that
settlement does: the use case waits for it, and meanwhile the campaign's row is free. A gold change takes the
item's row before the campaign's, as answers and settlements do.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from app import open_game
from core.clock import FixedClock
from core.game import book
from core.game.game import Game
from core.types import UserRef
from tests.support import fund_pools, make_settings, plain_dsn, postgres_database, text_pack

pytestmark = pytest.mark.postgres

ADMIN = UserRef("console", "treasurer", "Treasurer")
CAMPAIGN = 1


@pytest.fixture
async def game(tmp_path: Path, clock: FixedClock) -> AsyncIterator[tuple[Game, str]]:
    async with postgres_database() as url:
        settings = make_settings(tmp_path / "data", url, admins_console='["treasurer"]')
        async with open_game(settings, clock=clock, packs=[text_pack("order", items=6, gold_every=3)]) as opened:
            treasury = await fund_pools(opened, points=1_000)
            treasury.units *= 2  # room to fund more
            yield opened, plain_dsn(url)


async def waits_on(url: str, held: str, use_case: Awaitable[Any], free: str) -> None:
    """Run `use_case` while another connection holds the row `held` selects: it must wait for that row, and the
    row `free` selects must stay free meanwhile; then the holder lets go and the use case ends."""
    holder, probe = await asyncpg.connect(url), await asyncpg.connect(url)
    holding = holder.transaction()
    await holding.start()
    await holder.execute(f"{held} FOR UPDATE")
    running = asyncio.ensure_future(use_case)
    try:
        await _until_waiting(probe, holder)
        assert not running.done()
        async with probe.transaction():
            await probe.execute(f"{free} FOR UPDATE NOWAIT")  # LockNotAvailableError if the use case holds it
    finally:
        await holding.rollback()
        await holder.close()
        await probe.close()
    await asyncio.wait_for(running, 30)


async def _until_waiting(probe: asyncpg.Connection, holder: asyncpg.Connection) -> None:
    """Until some backend waits for a lock the holder's backend holds."""
    pid = holder.get_server_pid()
    for _ in range(300):
        waiting = await probe.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))", pid
        )
        if waiting:
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the use case never waited for the held row")


POOL = f"SELECT 1 FROM book_account WHERE name = '{book.pool(CAMPAIGN)}'"
THE_CAMPAIGN = f"SELECT 1 FROM campaign WHERE id = {CAMPAIGN}"
USE_CASES: dict[str, Callable[[Game], Awaitable[Any]]] = {
    "fund": lambda game: game.economy.fund(ADMIN, CAMPAIGN, "1"),
    "close": lambda game: game.campaigns.close(ADMIN, CAMPAIGN),
    "pause": lambda game: game.campaigns.pause(ADMIN, CAMPAIGN),
}


@pytest.mark.parametrize("use_case", USE_CASES)
async def test_money_changes_wait_for_the_pool_before_taking_the_campaign(
    game: tuple[Game, str], use_case: str
) -> None:
    opened, url = game
    await waits_on(url, POOL, USE_CASES[use_case](opened), THE_CAMPAIGN)


async def test_a_gold_change_waits_for_the_item_before_taking_the_campaign(game: tuple[Game, str]) -> None:
    opened, url = game
    gold = f"SELECT 1 FROM item WHERE campaign_id = {CAMPAIGN} AND gold AND external_id = 'order-3'"
    await waits_on(url, gold, opened.campaigns.retire_gold(ADMIN, CAMPAIGN, "order-3"), THE_CAMPAIGN)
