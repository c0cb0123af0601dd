"""`/why` in the private chat: while a campaign gives no gold feedback, checks and real tasks read the same."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.db.tables import Campaign
from core.game.receipts import HIDDEN
from tests.e2e.telegram.conftest import World, right_answer


async def test_why_does_not_point_out_the_checks(world: World) -> None:
    def feedback_off(session: Session) -> None:
        session.execute(update(Campaign).values(gold_feedback=False))

    await world.game.deps.db.run(feedback_off)
    world.game.deps.campaigns.invalidate()
    alice = world.api.user("Alice")
    await world.say(alice, "/start", replies=2)
    tasks = []
    for _ in range(6):  # half of them are checks (gold_rate 0.5)
        task = world.last(alice)
        if "number " not in (task.text or ""):  # promoted after five right checks: a picture card is next
            break
        tasks.append(int(task.buttons[0]["callback_data"].split(":")[2]))
        await world.answer(alice, task, right_answer(task))  # the task message becomes the next task
    shown = [m.text or "" for m in world.api.bot_messages(alice)]
    verdicts = [*shown, *(v["text"] or "" for m in world.api.bot_messages(alice) for v in m.edits)]
    verdicts += [c.text or "" for c in world.api.callbacks]
    assert not any("known answer" in v or "✅ Right!" in v for v in verdicts)
    for task_id in tasks:
        await world.say(alice, f"/why {task_id}")
        assert world.last(alice).text == HIDDEN, task_id
    assert world.api.errors == []
