"""`/why` on Discord: while a campaign gives no gold feedback, checks and real tasks read the same."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from core.db.tables import Campaign
from core.game.receipts import HIDDEN
from tests.e2e.discord.conftest import World, truth
from tests.e2e.discord.test_play import task_of


async def test_why_does_not_point_out_the_checks(world: World) -> None:
    def feedback_off(session: Session) -> None:
        session.execute(update(Campaign).values(gold_feedback=False))

    await world.game.deps.db.run(feedback_off)
    world.game.deps.campaigns.invalidate()
    alice = world.edge.user("alice")
    task = task_of(await world.edge.slash("start", user=alice))
    tasks = []
    for _ in range(6):  # half of them are checks (gold_rate 0.5)
        if "number " not in (task.content or ""):  # promoted after five right checks: a picture card is next
            break
        tasks.append(int(task.custom_ids[0].split(":")[2]))
        wanted = truth(task.content or "")
        pressed = await world.edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=alice)
        assert "✅ Right!" not in pressed.text
        task = task_of(pressed)
    for task_id in tasks:
        assert (await world.edge.slash("why", {"task": task_id}, user=alice)).text == HIDDEN, task_id
    assert world.edge.violations == []
