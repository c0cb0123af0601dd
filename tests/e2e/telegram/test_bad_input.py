"""Bad input: a short clear reply or a quiet callback answer, and nothing written."""

from __future__ import annotations

from sqlalchemy import func, select, text, update

from bot.common import texts
from core.db.tables import Assignment, Item
from tests.e2e.telegram.conftest import World, right_answer


async def answered(world: World) -> int:
    async def count(session):
        return await session.scalar(select(func.count()).where(Assignment.answered_at.is_not(None)))

    return await world.game.deps.db.transaction(count)


async def test_forged_stale_foreign_and_closed_buttons(world: World) -> None:
    api = world.api
    alice, bob = api.user("Alice"), api.user("Bob")
    await world.say(alice, "/start", replies=2)
    await world.say(bob, "/start", replies=2)
    task = world.last(alice)
    forged = await world.press(alice, task, data="cl1:a:1:bot;DROP TABLE")
    unknown_kind = await world.press(alice, task, data="xx:whatever")
    stale = await world.press(alice, task, data="cl1:a:987654:bot")
    quiz_here = await world.press(alice, task, data="cl1:q:1:bot")  # a group quiz's data in a private chat
    foreign = await world.press(bob, task, right_answer(task))
    assert forged.text == unknown_kind.text == quiz_here.text == texts.STALE_BUTTON and not forged.show_alert
    assert stale.show_alert and "doesn't exist" in stale.text
    assert foreign.show_alert and "someone else" in foreign.text
    assert task.buttons and task.edits == []  # Alice's task is untouched

    task_id = int(task.buttons[0]["callback_data"].split(":")[2])
    await world.game.deps.db.transaction(
        lambda s: s.execute(
            update(Item)
            .where(Item.id == select(Assignment.item_id).where(Assignment.id == task_id).scalar_subquery())
            .values(status="closed")
        )
    )
    closed = await world.press(alice, task, right_answer(task))
    assert closed.show_alert and "closed" in closed.text
    assert await answered(world) == 0
    assert api.errors == []


async def test_wrong_arguments_documents_and_text(world: World) -> None:
    api = world.api
    carol = api.user("Carol")
    await world.say(carol, "/start hello", replies=2)  # a payload that isn't an invite: an ordinary start
    assert world.api.bot_messages(carol)[0].text.startswith("👋 Welcome to chatlabel!")
    dave = api.user("Dave")
    await world.say(dave, "/start ref_ZZZZZZZZ", replies=3)
    assert "doesn't exist" in world.api.bot_messages(dave)[0].text
    expectations = {
        "/top forever": texts.USAGE_TOP,
        "/link one two": texts.USAGE_LINK,
        "/link NOPE": "That link code is unknown, used or expired. Ask for a new one with /link.",
        "/frobnicate": texts.UNKNOWN_COMMAND,
        "hello bot": texts.PLAIN_TEXT,
        "/ban 5": texts.GROUP_ONLY,
    }
    for said, reply in expectations.items():
        await world.say(carol, said)
        assert world.last(carol).text == reply, said
    api.upload_document(carol, b"\x00\x01 not a pack", "holiday.jpg")
    await api.wait_until(lambda: world.last(carol).text == texts.NOT_A_PACK)
    group = api.group("Chatter")
    api.add_bot_to_group(group, carol)
    await api.wait_until(lambda: api.bot_messages(group))
    api.group_message(group, carol, "just chatting, no command")
    await api.settle()
    assert len(api.bot_messages(group)) == 1  # the bot's welcome only: it stays quiet in groups
    assert await answered(world) == 0
    assert api.errors == []


async def test_unexpected_failure_gets_an_apology_and_the_bot_goes_on(world: World) -> None:
    api = world.api
    owner, group = api.user("Olga"), api.group("Broken")
    api.add_bot_to_group(group, owner)
    await api.wait_until(lambda: api.bot_messages(group))
    async with world.game.deps.db.engine.begin() as connection:
        await connection.execute(text("DROP TABLE group_quiz"))
    api.group_message(group, owner, "/quiz")
    await api.wait_until(lambda: world.last(group).text == texts.APOLOGY)
    erin = api.user("Erin")
    await world.say(erin, "/start", replies=2)  # still serving
    assert world.last(erin).buttons
