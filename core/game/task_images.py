"""What a player's own task shows apart from the task message: its picture (for the Mini App, which fetches it
on its own) and its campaign's instructions (behind the task's "?" button). Reading either changes nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from core import paths
from core.db.tables import Assignment, Campaign, Item
from core.db.uow import connection
from core.errors import NotYourTask, UnknownTask
from core.game.deps import GameDeps
from core.game.players import find_player
from core.types import UserRef


async def task_image(deps: GameDeps, user: UserRef, task_id: int) -> Path | None:
    """Only the player the task was served to may see its picture (the address names the task, not the file)."""

    def work(session: Session) -> Path | None:
        return paths.resolve(_own_task(session, user, task_id, col(Item.image)))

    return await deps.db.run(work)


async def task_instructions(deps: GameDeps, user: UserRef, task_id: int) -> str:
    """The instructions of the campaign of the player's own task ("" when it has none); the task stays open."""

    def work(session: Session) -> str:
        return str(_own_task(session, user, task_id, col(Campaign.instructions)) or "")

    return await deps.db.run(work)


def _own_task(session: Session, user: UserRef, task_id: int, column: Any) -> Any:
    """`column` (of the task's item or campaign) for a task served to this player; anyone else's is refused."""
    account = find_player(session, user)
    row = (
        connection(session)
        .execute(
            select(col(Assignment.account_id), column)
            .join(Item, col(Item.id) == col(Assignment.item_id))
            .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
            .where(col(Assignment.id) == task_id)
        )
        .first()
    )
    if row is None:
        raise UnknownTask()
    if row.account_id != account.id:
        raise NotYourTask()
    return row[1]
