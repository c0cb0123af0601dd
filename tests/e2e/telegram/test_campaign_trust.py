"""Campaign commands at the trust boundary: who may run them is asked of Telegram, before anything is downloaded
or shown; captions meant for another bot are left alone."""

from __future__ import annotations

from tests.e2e.rewards_support import pack_zip
from tests.e2e.telegram.conftest import World
from tests.fakes.telegram_models import User

NEW = '/campaign new Pets bot_or_not "Human or bot?" human=Human,bot=Bot'


async def test_an_upload_captioned_for_another_bot_is_left_alone(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    api, group = world.api, world.api.group("Shared")
    api.add_bot_to_group(group, ada)
    await api.settle()
    await world.say(ada, NEW)
    before = len(api.bot_messages(group))
    api.upload_document(ada, pack_zip(6), "pack.zip", caption="/campaign@otherbot upload Pets", chat=group)
    await api.settle()
    assert api.calls("getFile") == [] and len(api.bot_messages(group)) == before
    api.upload_document(ada, pack_zip(6), "pack.zip", caption="/campaign@chatlabel_test_bot upload Pets", chat=group)
    await api.wait_until(lambda: (world.last(group).text or "").startswith("📦 Imported 6 items"))
    assert len(api.calls("getFile")) == 1 and api.errors == []


async def test_a_demoted_group_admin_loses_campaign_rights_and_can_be_banned(world: World) -> None:
    api = world.api
    owner, max_, group = api.user("Olga"), api.user("Max"), api.group("Labelers")
    api.add_bot_to_group(group, owner)
    await api.wait_until(lambda: any("community" in t for t in world.texts(group)))
    api.set_member(group, max_, "administrator")  # promoted after the bot joined
    said = api.group_message(group, max_, NEW)
    await api.wait_until(lambda: (world.last(group).text or "").startswith("📋 Campaign Pets (#"))
    asked = len(api.calls("getChatMember"))
    await world.say(max_, "/campaign stats Pets")  # in private: Telegram's answer of a moment ago still holds
    assert world.last(max_).caption.startswith("📊 Pets") and len(api.calls("getChatMember")) == asked
    api.set_member(group, max_, "member")  # demoted
    world.clock.advance(seconds=61)
    for command in ("/campaign stats Pets", "/campaign start Pets", "/campaign export Pets csv"):
        await world.say(max_, command)
        assert world.last(max_).text.startswith("Only the game's admins"), command
    api.upload_document(max_, pack_zip(6), "pack.zip", caption="/campaign upload Pets")
    await api.wait_until(lambda: world.last(max_).text.startswith("Only the game's admins"))
    assert api.calls("getFile") == []
    world.reply_in_group(group, owner, "/ban", said)
    await api.wait_until(lambda: world.last(group).text == "🚫 Max can no longer answer this group's tasks.")
    api.group_message(group, max_, "/quiz")
    await api.wait_until(lambda: world.last(group).text == "Only this group's admins can do that.")
    assert api.errors == []
