"""The picture of a player's own task, for clients that fetch it apart from the task (the Mini App)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from core import paths
from core.db.tables import Assignment, Item
from core.db.uow import connection
from core.errors import NotYourTask, UnknownTask
from core.game.deps import GameDeps
from core.game.players import find_player
from core.types import UserRef


async def task_image(deps: GameDeps, user: UserRef, task_id: int) -> Path | None:
    """Only the player the task was served to may see its picture (the address names the task, not the file)."""

    def work(session: Session) -> Path | None:
        account = find_player(session, user)
        row = (
            connection(session)
            .execute(
                select(col(Assignment.account_id), col(Item.image))
                .join(Item, col(Item.id) == col(Assignment.item_id))
                .where(col(Assignment.id) == task_id)
            )
            .first()
        )
        if row is None:
            raise UnknownTask()
        if row.account_id != account.id:
            raise NotYourTask()
        return paths.resolve(row.image)

    return await deps.db.run(work)
