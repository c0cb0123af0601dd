"""Notices reach Telegram users by the same rule as Discord's: a passing failure is tried again next round,
a user who blocked the bot is dropped, not retried forever."""

from __future__ import annotations

from pathlib import Path

from bot.telegram.notifier import deliver_once
from core.game.notices import CLAIM_SECONDS
from tests.e2e.telegram.conftest import World, open_world
from tests.e2e.telegram.test_members import play_to_level_up
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import User


async def invite_and_level_up(world: World, inviter: str, invitee: str) -> User:
    """`invitee` joins with `inviter`'s link and reaches the next level: `inviter` has a notice waiting."""
    host, guest = world.api.user(inviter), world.api.user(invitee)
    await world.say(host, "/start", replies=2)
    await world.say(host, "/invite")
    code = world.last(host).text.split("\n")[1].rsplit("=", 1)[1]
    await world.say(guest, f"/start {code}", replies=2)
    await play_to_level_up(world, guest)
    return host


def reached(world: World, host: User) -> bool:
    return any("reached the next level" in text for text in world.texts(host))


async def test_a_passing_failure_is_retried_and_a_blocked_user_is_dropped(
    telegram_api: FakeTelegramApi, tmp_path: Path
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    # The background round waits an hour here, so only the test's own rounds deliver.
    async with open_world(telegram_api, url, tmp_path, schedule_notice_poll_seconds="3600") as world:
        async with world.bot() as application:
            bob = await invite_and_level_up(world, "Bob", "Alice")
            telegram_api.state.outages = 1
            assert await deliver_once(application.bot, world.game) == 0 and not reached(world, bob)
            world.clock.advance(seconds=CLAIM_SECONDS + 1)  # the failed round's claim on it runs out
            assert await deliver_once(application.bot, world.game) == 1  # still pending after the outage
            assert reached(world, bob)

            carl = await invite_and_level_up(world, "Carl", "Dina")
            telegram_api.block(carl)
            assert await deliver_once(application.bot, world.game) == 0
            telegram_api.state.blocked.clear()
            world.clock.advance(seconds=CLAIM_SECONDS + 1)
            assert await deliver_once(application.bot, world.game) == 0  # dropped for good, as on Discord
            assert not reached(world, carl)
        assert [e.error.code for e in telegram_api.errors] == [502, 403]
