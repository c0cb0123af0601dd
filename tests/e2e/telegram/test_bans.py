"""A ban in a group takes effect at once: the community task a member already holds is withdrawn, not paid."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from core.types import UserRef
from tests.e2e.community_support import community_campaign
from tests.e2e.telegram.conftest import World, open_world
from tests.fakes.telegram_api import FakeTelegramApi

ADMIN_ID = 900


@pytest.fixture
async def world(telegram_api: FakeTelegramApi, tmp_path: Path) -> AsyncIterator[World]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, admins_telegram=f'["{ADMIN_ID}"]') as opened, opened.bot():
        yield opened


async def test_the_task_in_hand_is_withdrawn_at_the_ban(world: World, tmp_path: Path) -> None:
    api = world.api
    owner, max_, group = api.user("Olga"), api.user("Max"), api.group("Labelers")
    api.add_bot_to_group(group, owner)
    await api.wait_until(lambda: any("community" in t for t in world.texts(group)))
    await community_campaign(world.game, UserRef("telegram", str(ADMIN_ID), "Admin"), group.id, tmp_path)
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: bool(world.last(group).buttons))
    world.clock.advance(seconds=5)
    joined = api.press(max_, world.last(group), "Bot")  # answering the group's quiz makes Max a member
    await api.wait_until(lambda: joined.answered)
    await world.say(max_, "/start", replies=2)
    held = world.last(max_)
    assert [b["text"] for b in held.buttons][:2] == ["Human", "Bot"]
    said = api.group_message(group, max_, "hello")
    world.reply_in_group(group, owner, "/ban", said)
    await api.wait_until(lambda: world.last(group).text == "🚫 Max can no longer answer this group's tasks.")
    world.clock.advance(seconds=5)
    refused = await world.press(max_, held, "Bot")
    assert refused.text == "That task doesn't exist (any more). Use /play for a new one."
    await world.say(max_, "/play")
    assert world.last(max_).text == "No tasks are waiting for you right now. Check back soon!"
    assert api.errors == []
