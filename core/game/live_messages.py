"""Each player's live task message, one per platform: posting a new one retires the last, and a press on any
other message is stale.

The reference is opaque here: each adapter encodes what it needs to find and edit its message (a chat and
message id; on Discord also the token that may edit an ephemeral message).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, column, select, table
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.live_tables import LiveTaskMessage
from core.db.upsert import upsert
from core.game.deps import GameDeps
from core.types import UserRef

# The row being inserted, as ON CONFLICT sees it: `upsert` builds its statement once, so the new values come
# from here, never as literals.
EXCLUDED = table("excluded", column("message_ref"), column("posted_at"))


def _where(user: UserRef) -> ColumnElement[bool]:
    return and_(col(LiveTaskMessage.platform) == user.platform, col(LiveTaskMessage.external_id) == user.external_id)


async def live(deps: GameDeps, user: UserRef) -> str | None:
    """The reference of the player's live task message, or None (none posted since this was kept)."""
    query = select(col(LiveTaskMessage.message_ref)).where(_where(user))
    # Asked before every press: a read that takes no lock, like the player's language.
    return await deps.db.run(lambda session: session.scalar(query), read_only=True)


async def posted(deps: GameDeps, user: UserRef, ref: str) -> str | None:
    """`ref` is now the player's live task message; returns the one it replaces (None if none, or if the same),
    whose buttons the adapter takes away."""
    now = deps.clock.now()
    # FOR UPDATE: two workers posting for the same player at once take turns, so the second retires the first's.
    query = select(col(LiveTaskMessage.message_ref)).where(_where(user)).with_for_update()

    def work(session: Session) -> str | None:
        before = session.scalar(query)
        row = {"platform": user.platform, "external_id": user.external_id, "message_ref": ref, "posted_at": now}
        upsert(session, LiveTaskMessage, [row], ("platform", "external_id"), {c.name: c for c in EXCLUDED.c})
        return before if before != ref else None

    return await deps.db.run(work)
