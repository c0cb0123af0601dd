"""Two workers on one database: each scheduled run is done by one of them, each notice is sent by one of them.

A "worker" here is what `chatlabel run --workers 2` gives each process: its own engine, game and scheduler.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path

from app import open_game
from core.clock import FixedClock
from core.game import notices
from core.game.game import Game
from core.types import NoticeKind
from runtime.scheduler import Scheduler
from tests.support import make_settings, text_pack, user


@asynccontextmanager
async def two_workers(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[tuple[Game, Game]]:
    settings = make_settings(tmp_path, database_url)
    async with AsyncExitStack() as stack:
        first = await stack.enter_async_context(open_game(settings, clock=clock, packs=[text_pack()]))
        second = await stack.enter_async_context(open_game(settings, clock=clock, seed=False))
        yield first, second


async def fire(scheduler: Scheduler, name: str) -> None:
    """What APScheduler does when the job's time comes in this worker."""
    await scheduler.aps.get_job(name).func()


async def test_a_job_runs_once_per_interval_across_two_workers(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    runs: list[str] = []
    async with two_workers(database_url, tmp_path, clock) as (first, second):
        schedulers = [Scheduler(game.deps.db, clock) for game in (first, second)]
        for scheduler, who in zip(schedulers, ("first", "second"), strict=True):

            async def job(who: str = who) -> None:
                runs.append(who)

            scheduler.every("probe", 60, job)
        # Both workers' timers fire in the same interval, several times each and at the same moment.
        await asyncio.gather(*(fire(s, "probe") for s in schedulers * 5))
        assert len(runs) == 1
        clock.advance(seconds=30)  # the other worker's timer, half an interval later
        await asyncio.gather(*(fire(s, "probe") for s in schedulers))
        assert len(runs) == 1
        clock.advance(seconds=31)  # the next interval
        await asyncio.gather(*(fire(s, "probe") for s in reversed(schedulers)))
        assert len(runs) == 2


async def test_each_notice_is_claimed_by_one_worker(database_url: str, tmp_path: Path, clock: FixedClock) -> None:
    async with two_workers(database_url, tmp_path, clock) as (first, second):
        for n in range(60):
            await first.start(user(n))

        async def queue_all(session) -> None:  # type: ignore[no-untyped-def]
            for account_id in range(1, 61):
                await notices.queue(session, account_id, NoticeKind.STREAK_REMINDER, {"day": "x"}, clock.now())

        await first.deps.db.transaction(queue_all)
        # Both workers deliver at the same time, in small rounds, as their notifiers do.
        rounds = await asyncio.gather(*(game.pending_notices("telegram", limit=7) for game in (first, second) * 6))
        claimed = Counter(notice.notice_id for batch in rounds for notice in batch)
        assert claimed and max(claimed.values()) == 1
        rest = await second.pending_notices("telegram", limit=100)
        assert sorted([*claimed, *(n.notice_id for n in rest)]) == sorted(set([*claimed, *(n.notice_id for n in rest)]))
        assert len(claimed) + len(rest) == 60
        # A worker that died with claimed notices: they are sent by the other once the claim expires.
        await first.mark_delivered([n.notice_id for n in rest])
        assert await second.pending_notices("telegram") == []
        clock.advance(seconds=notices.CLAIM_SECONDS + 1)
        assert sorted(n.notice_id for n in await second.pending_notices("telegram", limit=100)) == sorted(claimed)
