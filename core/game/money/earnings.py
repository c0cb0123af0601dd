"""`/earnings`: the player's settled tasks and what each paid; the grouped notice when answers settle."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.db.book_tables import BookEntry
from core.db.consensus_tables import Receipt
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
        rows = session.execute(
            select(
                Receipt.assignment_id,
                Receipt.item_id,
                Receipt.agreed,
                Receipt.earned,
                Receipt.settled_at,
                Campaign.name,
            )
            .join(Item, Item.id == Receipt.item_id)
            .join(Campaign, Campaign.id == Item.campaign_id)
            .where(Receipt.account_id == account.id)
            .order_by(Receipt.settled_at.desc(), Receipt.assignment_id.desc())
            .limit(limit)
        ).all()
        released = _released(session, account.id, [row.item_id for row in rows if row.earned])
        tasks = tuple(
            EarnedTask(row.assignment_id, row.name, row.earned, _status(row, released), row.settled_at) for row in rows
        )
        return Earnings(player_balances(session, account.id, account.points), tasks)

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
        select(BookEntry.id, BookEntry.ref).where(
            BookEntry.credit == book.pending(account_id),
            BookEntry.reason == SETTLEMENT,
            BookEntry.ref.in_([f"item:{item_id}" for item_id in item_ids]),
        )
    ).all()
    by_entry = {str(entry_id): int(ref.removeprefix("item:")) for entry_id, ref in shares}
    done = session.execute(
        select(BookEntry.ref).where(
            BookEntry.debit == book.pending(account_id), BookEntry.reason == RELEASE, BookEntry.ref.in_(list(by_entry))
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
                select(Notice.account_id, func.max(Notice.created_at))
                .where(Notice.kind == NoticeKind.ANSWERS_SETTLED.value)
                .group_by(Notice.account_id)
            ).all()
        )
        since = now - timedelta(days=7)  # older settlements are not news any more
        rows = session.execute(
            select(Receipt.account_id, Receipt.agreed, Receipt.earned, Receipt.settled_at).where(
                Receipt.settled_at > since, Receipt.settled_at <= now
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
        for account_id, (settled, agreed, points) in grouped.items():
            facts = {"settled": settled, "agreed": agreed, "points": points}
            notices.push(session, account_id, NoticeKind.ANSWERS_SETTLED, facts, now)
        return len(grouped)

    return await deps.db.run(work)


def _aware(moment: datetime) -> datetime:
    """Timestamps are stored in UTC; a driver that drops the zone gets it back here."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
