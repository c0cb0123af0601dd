"""One live task message per player: /play again moves the task to a new message and the old one loses its
buttons; a press on the old one anyway (a client that still shows them) answers nothing."""

from __future__ import annotations

from core.types import UserRef
from tests.e2e.telegram.conftest import World, right_answer


async def test_play_again_leaves_one_task_message(world: World) -> None:
    api = world.api
    dana = api.user("Dana")
    await world.say(dana, "/start", replies=2)
    first = world.last(dana)
    old_data = next(b["callback_data"] for b in first.buttons if b["text"] == right_answer(first))
    start = len(api.requests)
    await world.say(dana, "/play")
    await api.wait_until(lambda: first.reply_markup is None)
    second = world.last(dana)
    assert second is not first and second.text == first.text  # the same open task, in a new message
    assert [m for m in api.bot_messages(dana) if m.reply_markup] == [second]
    calls = [r.method for r in api.requests[start:] if r.method != "getUpdates"]
    assert calls == ["sendMessage", "editMessageReplyMarkup"]  # one post, one edit: the fewest that retire it

    before = len(api.requests)
    stale = await world.press(dana, first, data=old_data)
    assert stale.text == "This button is no longer valid."
    assert [r.method for r in api.requests[before:] if r.method != "getUpdates"] == ["answerCallbackQuery"]
    assert (await world.game.profile(UserRef("telegram", str(dana.id), "Dana"))).answers == 0  # nothing written

    press = await world.answer(dana, second, right_answer(second))  # the live message still plays, one edit
    assert press.calls == ["answerCallbackQuery", "editMessageText"]
    assert press.record.text is not None and press.record.text.startswith("Your answer:")
    assert api.errors == []
