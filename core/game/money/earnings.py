"""`/earnings`: the player's settled tasks and what each paid; the grouped notice when answers settle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.consensus_tables import Receipt
from core.db.results import stored_id
from core.db.tables import Campaign, Item, Notice
from core.game import book, notices
from core.game.deps import GameDeps
from core.game.money.audit import player_balances
from core.game.money.pools import REASON as SETTLEMENT
from core.game.money.release import REASON as RELEASE
from core.game.players import find_player
from core.types import EarnedTask, Earnings, NoticeKind, UserRef


async def earnings(deps: GameDeps, user: UserRef, limit: int = 10) -> Earnings:
    def work(session: Session) -> Earnings:
        account = find_player(session, user)
        account_id = stored_id(account)
        rows = session.execute(
            select(
                col(Receipt.assignment_id),
                col(Receipt.item_id),
                col(Receipt.agreed),
                col(Receipt.earned),
                col(Receipt.settled_at),
                col(Campaign.name),
            )
            .join(Item, col(Item.id) == col(Receipt.item_id))
            .join(Campaign, col(Campaign.id) == col(Item.campaign_id))
            .where(col(Receipt.account_id) == account_id)
            .order_by(col(Receipt.settled_at).desc(), col(Receipt.assignment_id).desc())
            .limit(limit)
        ).all()
        released = _released(session, account_id, [row.item_id for row in rows if row.earned])
        tasks = tuple(
            EarnedTask(row.assignment_id, row.name, row.earned, _status(row, released), row.settled_at) for row in rows
        )
        return Earnings(player_balances(session, account_id, account.points), tasks)

    return await deps.db.run(work)


def _status(row: Any, released: set[int]) -> str:
    if not row.agreed:
        return "not_agreed"
    if not row.earned:
        return "no_share"
    return "paid" if row.item_id in released else "pending"


def _released(session: Session, account_id: int, item_ids: list[int]) -> set[int]:
    """Items whose settlement share has left the player's pending points for their claimable ones."""
    if not item_ids:
        return set()
    shares = session.execute(
        select(col(BookEntry.id), col(BookEntry.ref)).where(
            col(BookEntry.credit) == book.pending(account_id),
            col(BookEntry.reason) == SETTLEMENT,
            col(BookEntry.ref).in_([f"item:{item_id}" for item_id in item_ids]),
        )
    ).all()
    by_entry = {str(entry_id): int(ref.removeprefix("item:")) for entry_id, ref in shares}
    done = session.execute(
        select(col(BookEntry.ref)).where(
            col(BookEntry.debit) == book.pending(account_id),
            col(BookEntry.reason) == RELEASE,
            col(BookEntry.ref).in_(list(by_entry)),
        )
    ).scalars()
    return {by_entry[ref] for ref in done}


async def queue_settled_notices(deps: GameDeps) -> int:
    """Scheduled: one notice per player whose answers settled since their last one, at most one per
    `[notices] settled_minutes`; returns how many were queued."""
    now = deps.clock.now()
    gap = timedelta(minutes=deps.settings.notices.settled_minutes)

    def work(session: Session) -> int:
        last = dict(
            session.execute(
                select(col(Notice.account_id), func.max(col(Notice.created_at)))
                .where(col(Notice.kind) == NoticeKind.ANSWERS_SETTLED.value)
                .group_by(col(Notice.account_id))
            ).all()
        )
        since = now - timedelta(days=7)  # older settlements are not news any more
        rows = session.execute(
            select(col(Receipt.account_id), col(Receipt.agreed), col(Receipt.earned), col(Receipt.settled_at)).where(
                col(Receipt.settled_at) > since, col(Receipt.settled_at) <= now
            )
        ).all()
        grouped: dict[int, list[int]] = {}
        for account_id, agreed, earned, settled_at in rows:
            previous = last.get(account_id)
            if previous is not None and (_aware(settled_at) <= _aware(previous) or now - _aware(previous) < gap):
                continue
            figures = grouped.setdefault(account_id, [0, 0, 0])
            figures[0] += 1
            figures[1] += int(agreed)
            figures[2] += earned
        for account_id, (settled, agreeing, points) in grouped.items():
            facts = {"settled": settled, "agreed": agreeing, "points": points}
            notices.push(session, account_id, NoticeKind.ANSWERS_SETTLED, facts, now)
        return len(grouped)

    return await deps.db.run(work)


def _aware(moment: datetime) -> datetime:
    """Timestamps are stored in UTC; a driver that drops the zone gets it back here."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
