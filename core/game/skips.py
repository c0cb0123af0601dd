""" "Not sure": the player passes on their own task and gets another; the item is not served to them again."""

from __future__ import annotations

from sqlalchemy import select, update

from core.db.tables import Assignment
from core.db.uow import Tx, connection
from core.errors import NotYourTask, UnknownTask
from core.game import tasks
from core.game.deps import GameDeps
from core.game.players import find_player
from core.types import Prompt, UserRef


async def skip(deps: GameDeps, user: UserRef, task_id: int) -> Prompt | None:
    """Mark the task passed (an answered one stays as answered) and serve the next; None when nothing is left."""

    def work(session: Tx) -> Prompt | None:
        account = find_player(session, user)
        owner = connection(session).scalar(select(Assignment.account_id).where(Assignment.id == task_id))
        if owner is None:
            raise UnknownTask()
        if owner != account.id:
            raise NotYourTask()
        now = deps.clock.now()
        connection(session).execute(
            update(Assignment)
            .where(Assignment.id == task_id, Assignment.answered_at.is_(None), Assignment.skipped_at.is_(None))
            .values(skipped_at=now)
        )
        return tasks.serve(session, deps, account, now)

    return await deps.db.run(work)
