"""Setting a task aside: "not sure" (a skip) or "broken" (a report). Neither is an answer: no accuracy, no pay.

The assignment stays unanswered and a TaskFlag marks it, so the item is never served to the player again (serving
skips items the player was shown) and an open task set aside is not shown again either. Reports show in the
campaign's stats for its admins.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.campaign_tables import TaskFlag
from core.db.results import stored_id
from core.db.tables import Assignment, Campaign, Item
from core.errors import NotYourTask, TaskClosed, UnknownTask
from core.game import tasks
from core.game.deps import GameDeps
from core.game.players import find_player
from core.types import Choice, Outcome, UserRef


async def set_aside(deps: GameDeps, user: UserRef, task_id: int, kind: str) -> Outcome:
    """`kind` is SKIP or REPORT; the next task is served in the same transaction, as after an answer."""

    def work(session: Session) -> Outcome:
        now = deps.clock.now()
        account = find_player(session, user)
        row = session.execute(
            select(Assignment, col(Campaign.status))
            .join(Item, col(Item.id) == col(Assignment.item_id))
            .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
            .where(col(Assignment.id) == task_id)
        ).first()
        if row is None:
            raise UnknownTask()
        assignment, campaign_status = row
        if assignment.account_id != account.id:
            raise NotYourTask()
        progress = tasks.progress_of(deps, account)
        flag = session.get(TaskFlag, (assignment.item_id, account.id))
        if assignment.answered_at is not None or flag is not None:
            recorded = flag.kind if flag is not None else assignment.choice or ""
            return Outcome(task_id, Choice(recorded, recorded), assignment.counted, True, 0, progress, None, None, None)
        if campaign_status != "active":
            raise TaskClosed()
        session.add(TaskFlag(item_id=assignment.item_id, account_id=stored_id(account), kind=kind, created_at=now))
        session.flush()
        next_prompt = tasks.assign_new(session, deps, account, now, progress)
        return Outcome(task_id, Choice(kind, kind), False, False, 0, progress, None, None, next_prompt, set_aside=kind)

    return await deps.db.run(work)
