"""`/earnings`: the player's settled tasks and what each paid; the grouped notices when answers settle and when
a refit corrects pending points."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.consensus_tables import Receipt
from core.db.results import stored_id
from core.db.tables import Campaign, Item, Notice
from core.game import book, notices
from core.game.deps import GameDeps
from core.game.money import pools
from core.game.money.audit import player_balances
from core.game.money.pending import CLAWBACK, RELABEL, RELEASE, TAKEN_BACK
from core.game.players import find_player
from core.types import EarnedTask, Earnings, NoticeKind, UserRef

NEWS_DAYS = timedelta(days=7)  # older settlements and corrections are not news any more


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
    if row.earned and row.item_id in released:
        return "paid"  # released points stay paid, even when a later label change no longer agrees with them
    if not row.agreed:
        return "not_agreed"
    return "pending" if row.earned else "no_share"


def _released(session: Session, account_id: int, item_ids: list[int]) -> set[int]:
    """Items whose settlement share has left the player's pending points for their claimable ones."""
    if not item_ids:
        return set()
    # A share a label change paid later names the change after the item (`pools.share_ref`).
    refs = [pools.share_ref(item_id) for item_id in item_ids]
    shares = session.execute(
        select(col(BookEntry.id), col(BookEntry.ref)).where(
            col(BookEntry.credit) == book.pending(account_id),
            col(BookEntry.reason) == pools.REASON,
            or_(col(BookEntry.ref).in_(refs), *(col(BookEntry.ref).like(f"{ref}/%") for ref in refs)),
        )
    ).all()
    by_entry = {str(entry_id): pools.item_of(ref) for entry_id, ref in shares}
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

    def work(session: Session) -> int:
        rows = session.execute(
            select(col(Receipt.account_id), col(Receipt.settled_at), col(Receipt.agreed), col(Receipt.earned)).where(
                col(Receipt.settled_at) > now - NEWS_DAYS, col(Receipt.settled_at) <= now
            )
        ).all()
        grouped = _news(session, deps, NoticeKind.ANSWERS_SETTLED, rows)
        for account_id, news in grouped.items():
            facts = {
                "settled": len(news),
                "agreed": sum(agreed for agreed, _ in news),
                "points": sum(e for _, e in news),
            }
            notices.push(session, account_id, NoticeKind.ANSWERS_SETTLED, facts, now)
        return len(grouped)

    return await deps.db.run(work)


async def queue_corrected_notices(deps: GameDeps) -> int:
    """Scheduled: one notice per player whose pending points a refit took back since their last such notice
    (at most one per `[notices] settled_minutes`, as for settled answers); returns how many were queued."""
    now = deps.clock.now()

    def work(session: Session) -> int:
        rows = session.execute(
            select(
                col(BookEntry.account_id), col(BookEntry.created_at), col(BookEntry.reason), col(BookEntry.amount)
            ).where(
                col(BookEntry.reason).in_(TAKEN_BACK),
                col(BookEntry.debit).like("player:%:pending"),
                col(BookEntry.created_at) > now - NEWS_DAYS,
                col(BookEntry.created_at) <= now,
            )
        ).all()
        grouped = _news(session, deps, NoticeKind.PENDING_CORRECTED, rows)
        for account_id, news in grouped.items():
            facts = {
                "answers": len(news),
                "points": sum(int(amount) for _, amount in news),
                "relabelled": sum(reason == RELABEL for reason, _ in news),
                "suspended": sum(reason == CLAWBACK for reason, _ in news),
            }
            notices.push(session, account_id, NoticeKind.PENDING_CORRECTED, facts, now)
        return len(grouped)

    return await deps.db.run(work)


def _news(session: Session, deps: GameDeps, kind: NoticeKind, rows: Sequence[Any]) -> dict[int, list[tuple[Any, ...]]]:
    """The grouping rule of these notices: rows (account, moment, *facts) newer than the account's last notice of
    `kind`, for accounts whose last one is at least `[notices] settled_minutes` old; per account, their facts."""
    now = deps.clock.now()
    gap = timedelta(minutes=deps.settings.notices.settled_minutes)
    last = dict(
        session.execute(
            select(col(Notice.account_id), func.max(col(Notice.created_at)))
            .where(col(Notice.kind) == kind.value)
            .group_by(col(Notice.account_id))
        ).all()
    )
    grouped: dict[int, list[tuple[Any, ...]]] = {}
    for account_id, moment, *facts in rows:
        previous = last.get(account_id)
        if previous is not None and (_aware(moment) <= _aware(previous) or now - _aware(previous) < gap):
            continue
        grouped.setdefault(account_id, []).append(tuple(facts))
    return grouped


def _aware(moment: datetime) -> datetime:
    """Timestamps are stored in UTC; a driver that drops the zone gets it back here."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
