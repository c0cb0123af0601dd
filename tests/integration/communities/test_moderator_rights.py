"""A moderator's rights are the platform's word of a moment ago: a demoted admin loses them and can be banned."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app import open_game
from core.clock import FixedClock
from core.errors import NotAllowed, NotModerator
from core.game.game import Game
from core.types import CommunityRef, UserRef
from tests.support import make_settings, text_pack, user

GROUP = CommunityRef("telegram", "-1001", "Labelers")
NEW = {"kind": "bot_or_not", "question": "q", "choices": "human,bot", "community": GROUP}


@pytest.fixture
async def game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, database_url, admins_moderator_check_seconds="60")
    async with open_game(settings, clock=clock, packs=[text_pack("spot-the-bot")]) as opened:
        yield opened


async def test_a_demoted_admin_loses_campaign_rights_and_can_be_banned(game: Game, clock: FixedClock) -> None:
    owner, demoted = user(1), user(2)
    await game.join_community(GROUP, [owner, demoted])
    await game.campaigns.create(demoted, name="Ours", **NEW)
    await game.check_moderator(GROUP, owner, True)
    with pytest.raises(NotModerator):  # the platform no longer lists them as an admin
        await game.check_moderator(GROUP, demoted, False)
    with pytest.raises(NotAllowed):
        await game.campaigns.stats(demoted, "Ours")
    with pytest.raises(NotModerator):
        await game.post_quiz(GROUP, demoted)
    assert await game.set_banned(GROUP, owner, demoted, True) == "Player 2"
    assert (await game.configure_community(GROUP, owner)).moderators == 1


async def test_the_platforms_word_holds_only_for_a_while(game: Game, clock: FixedClock) -> None:
    owner, mod = user(1), user(2)
    await game.join_community(GROUP, [owner, mod])
    assert await game.campaigns.to_confirm(mod, None, GROUP) is None  # just asked at the join
    await game.campaigns.create(mod, name="Ours", **NEW)
    clock.advance(seconds=61)
    assert await game.campaigns.to_confirm(mod, "Ours") == GROUP  # stale: the adapter must ask again
    with pytest.raises(NotAllowed):
        await game.campaigns.start(mod, "Ours")
    await game.record_moderator(GROUP, mod, False)
    assert await game.campaigns.to_confirm(mod, "Ours") is None  # a "no" is remembered as long as a "yes"
    with pytest.raises(NotAllowed):
        await game.campaigns.stats(mod, "Ours")
    await game.record_moderator(GROUP, mod, True)
    assert (await game.campaigns.stats(mod, "Ours")).name == "Ours"
    await game.check_moderator(GROUP, owner, True)
    clock.advance(seconds=61)  # the owner's word is old too: a stale flag no longer shields from a ban
    await game.check_moderator(GROUP, owner, True)
    assert await game.set_banned(GROUP, owner, mod, True) == "Player 2"


async def test_a_community_is_moderated_from_its_own_platform(game: Game) -> None:
    mod = user(1)
    await game.join_community(GROUP, [mod])
    await game.campaigns.create(mod, name="Ours", **NEW)
    code = (await game.create_link_code(mod)).code
    elsewhere = UserRef("discord", "555", "Mod on Discord")
    await game.link(elsewhere, code)
    with pytest.raises(NotAllowed):  # Discord cannot ask Telegram who administers the group
        await game.campaigns.stats(elsewhere, "Ours")
    assert await game.campaigns.to_confirm(elsewhere, "Ours") == GROUP
