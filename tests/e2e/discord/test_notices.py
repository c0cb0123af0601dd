"""Notices reach Discord users by the same rule as Telegram's: a passing failure is tried again next round,
a user who does not take DMs is dropped, not retried forever."""

from __future__ import annotations

from pathlib import Path

from core.clock import FixedClock
from core.game.notices import CLAIM_SECONDS
from tests.e2e.discord.conftest import World, running, settings_for
from tests.e2e.discord.test_play import play_until_level_up
from tests.fakes.discord_edge import DiscordEdge

OUTAGE = {"code": 0, "message": "Service Unavailable"}
CLOSED = {"code": 50007, "message": "Cannot send messages to this user"}


async def invite_and_level_up(world: World, inviter: str, invitee: str) -> None:
    """`invitee` joins with `inviter`'s code and reaches the next level: `inviter` has a notice waiting."""
    edge = world.edge
    host, guest = edge.user(inviter), edge.user(invitee)
    await edge.slash("start", user=host)
    code = (await edge.slash("invite", user=host)).text.split("code:")[1].split()[0]
    await edge.slash("start", {"code": code}, user=guest)
    await play_until_level_up(world, guest)


async def test_a_passing_failure_is_retried_and_closed_dms_are_dropped(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    # The background round waits an hour here, so only the test's own rounds deliver.
    settings = settings_for(tmp_path, sqlite_url, schedule_notice_poll_seconds="3600")
    async with running(settings, clock, discord_edge) as world:
        await check_rounds(world)


async def check_rounds(world: World) -> None:
    edge = world.edge
    await invite_and_level_up(world, "bob", "alice")
    bob = next(u for u in edge.world.users.values() if u.username == "bob")
    edge.world.outages = 1
    assert await world.bot.notifier.deliver() == 0
    assert edge.dm_messages(bob) == []
    world.clock.advance(seconds=CLAIM_SECONDS + 1)  # the failed round's claim on it runs out
    assert await world.bot.notifier.deliver() == 1  # still pending after the outage, so it arrives now
    assert any("reached the next level" in (m.content or "") for m in edge.dm_messages(bob))

    await invite_and_level_up(world, "carl", "dina")
    carl = next(u for u in edge.world.users.values() if u.username == "carl")
    edge.world.closed_dms.add(carl.id)
    assert await world.bot.notifier.deliver() == 0
    edge.world.closed_dms.clear()
    world.clock.advance(seconds=CLAIM_SECONDS + 1)
    assert await world.bot.notifier.deliver() == 0  # dropped for good, as Telegram drops a blocked user's
    assert edge.dm_messages(carl) == []
    assert edge.violations == [OUTAGE, CLOSED]
