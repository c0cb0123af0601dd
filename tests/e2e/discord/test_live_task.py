"""One live task message per player: /play again moves the task to a new message and the old one loses its
buttons; a press on an old one that still shows them (its token expired before it could be edited) answers
nothing."""

from __future__ import annotations

from bot.common import texts
from core.types import UserRef
from tests.e2e.discord.conftest import World, truth
from tests.e2e.discord.test_play import shown, task_of
from tests.fakes.discord_records import SentMessage

TOKEN_EXPIRED = 50027  # what Discord answers an interaction token past its 15 minutes


def task_messages(world: World) -> list[SentMessage]:
    """Every message with buttons the bot has made for interactions (task messages are ephemeral)."""
    made = (m for r in world.edge.interactions for m in (r.original, *r.followups))
    return [m for m in made if m is not None and m.custom_ids and not m.deleted]


async def test_play_again_leaves_one_task_message(world: World) -> None:
    edge = world.edge
    dana = edge.user("dana")
    first = task_of(await edge.slash("start", user=dana))
    right = next(c for c in first.custom_ids if c.endswith(f":{truth(shown(first))}"))
    second = task_of(await edge.slash("play", user=dana))
    assert second is not first and shown(second) == shown(first)  # the same open task, in a new message
    assert first.custom_ids == [] and shown(first) == shown(second)  # the old one keeps its text, not its buttons
    assert task_messages(world) == [second]
    forged = await edge.press(first, right, user=dana, forge=True)  # a client that still shows the buttons
    assert forged.message.ephemeral and forged.text == texts.STALE_BUTTON

    edge.advance(16 * 60)  # past the token that may edit `second`: its buttons stay
    third = task_of(await edge.slash("play", user=dana))
    assert task_messages(world) == [second, third]
    stale = await edge.press(second, right, user=dana)
    assert stale.message.ephemeral and stale.text == texts.STALE_BUTTON
    assert (await world.game.profile(UserRef("discord", str(dana.id), "Dana"))).answers == 0  # nothing written

    pressed = await edge.press(third, right, user=dana)  # the live one still plays: one response, in place
    assert pressed.response_type == 7 and pressed.original is third and pressed.followups == []
    assert shown(third).startswith("Your answer:")
    assert [v["code"] for v in edge.violations] == [TOKEN_EXPIRED]
