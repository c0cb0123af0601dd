"""Pending points become claimable: consensus points after the settlement window, engagement points once the
player has proved themselves on gold (`_proven`). Before that, a correction applies: the share of a player the refit has
since suspended from the campaign (a spammer found out) goes back to the campaign's pool. Each pending entry
leaves pending once, released or taken back (its release or claw-back entry names it)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, String, case, cast, exists, func, not_, select
from sqlalchemy.orm import aliased
from sqlmodel import col

from core.db.book_tables import BookEntry
from core.db.consensus_tables import CampaignWorker
from core.db.results import id_column
from core.db.tables import Assignment
from core.db.uow import Tx, connection
from core.game import book
from core.game.deps import GameDeps

REASON = "release"
CLAWBACK = "clawback"
BATCH = 5000


def release(session: Tx, deps: GameDeps, now: datetime) -> int:
    """Take back suspended players' pending shares, then release what is due; returns the points released."""
    _claw_back(session, now)
    cutoff = now - timedelta(hours=deps.settings.rewards.settlement_window_hours)
    from_budget = col(BookEntry.debit).like(f"{book.ENGAGEMENT}:%")
    conn = connection(session)
    due = conn.execute(
        _open_entries()
        .where(not_(from_budget), col(BookEntry.created_at) <= cutoff)
        .order_by(col(BookEntry.id))
        .limit(BATCH)
    ).all()
    vesting = conn.execute(_open_entries().where(from_budget).order_by(col(BookEntry.id)).limit(BATCH)).all()
    proven = _proven(session, deps, {row.account_id for row in vesting})
    moved = 0
    for entry_id, _, pending, amount, account_id in [*due, *(row for row in vesting if row.account_id in proven)]:
        if account_id is None:
            raise LookupError(f"book entry {entry_id} credits pending points without naming their player")
        target = book.claimable(account_id)
        moved += book.move(session, pending, target, int(amount), REASON, str(entry_id), now, account_id)
    return moved


def _proven(session: Tx, deps: GameDeps, accounts: set[int]) -> set[int]:
    """Players with at least `[rewards] vest_min_gold` counted gold answers, right at least as often as the first
    promotion asks: enough checks that a random guesser almost never passes them."""
    if not accounts:
        return set()
    needed, accuracy = deps.settings.rewards.vest_min_gold, deps.ladder[0].promote_accuracy
    rows = (
        connection(session)
        .execute(
            select(
                col(Assignment.account_id),
                func.count(),
                func.sum(case((col(Assignment.correct).is_(True), 1), else_=0)),
            )
            .where(
                col(Assignment.account_id).in_(sorted(accounts)),
                col(Assignment.gold).is_(True),
                col(Assignment.counted).is_(True),
            )
            .group_by(col(Assignment.account_id))
        )
        .all()
    )
    return {account_id for account_id, n, right in rows if n >= needed and int(right or 0) >= accuracy * n}


def _claw_back(session: Tx, now: datetime) -> int:
    conn = connection(session)
    suspended = set(
        conn.execute(
            select(col(CampaignWorker.campaign_id), col(CampaignWorker.account_id)).where(
                col(CampaignWorker.suspended).is_(True)
            )
        ).all()
    )
    if not suspended:
        return 0
    accounts = sorted({account_id for _, account_id in suspended})
    rows = conn.execute(
        _open_entries()
        .where(col(BookEntry.debit).like("pool:%"), col(BookEntry.account_id).in_(accounts))
        .order_by(col(BookEntry.id))
    ).all()
    taken = 0
    for entry_id, pool, pending, amount, account_id in rows:
        if (int(pool.removeprefix("pool:")), account_id) in suspended:
            taken += book.move(session, pending, pool, int(amount), CLAWBACK, str(entry_id), now, account_id)
    return taken


def _open_entries() -> Select[int, str, str, int, int | None]:
    """Entries into a player's pending points that have not left it yet."""
    done = aliased(BookEntry)
    left = exists().where(
        col(done.reason).in_((REASON, CLAWBACK)),
        col(done.debit) == col(BookEntry.credit),
        col(done.ref) == cast(col(BookEntry.id), String),
    )
    return select(
        id_column(BookEntry.id),
        col(BookEntry.debit),
        col(BookEntry.credit),
        col(BookEntry.amount),
        col(BookEntry.account_id),
    ).where(col(BookEntry.credit).like("player:%:pending"), not_(left))
