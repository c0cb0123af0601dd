"""The conservation law, checked: everything owed to requesters, campaigns and players is covered by the treasury."""

from __future__ import annotations

from datetime import datetime
from typing import get_args

from sqlalchemy import func, select
from sqlmodel import col

from core.db.book_tables import BookAccount, BookEntry
from core.db.tables import Identity
from core.db.uow import Tx, connection
from core.game import book, notices
from core.game.money import in_flight
from core.game.money.treasury import units_per_point
from core.settings import RewardSettings, Settings
from core.types import Audit, Balances, NoticeKind, Platform


def audit(session: Tx, held_units: int, rules: RewardSettings, paid_on_chain: frozenset[str] = frozenset()) -> Audit:
    """Sum the book by kind of account, re-add every account's entries, and compare with `held_units`.

    `paid_on_chain`: the open payout batches the chain has paid, read at the block `held_units` was read at."""
    conn = connection(session)
    kinds = dict.fromkeys(
        ("treasury", "deposit", "pool", "engagement", "pending", "claimable", "claims", "paid", "other"), 0
    )
    cached: dict[str, int] = {}
    for name, value in conn.execute(select(col(BookAccount.name), col(BookAccount.balance))):
        cached[name] = int(value)
        kinds[_kind(name)] += int(value)
    sums: dict[str, int] = {}
    for name, value in conn.execute(
        select(col(BookEntry.credit), func.sum(col(BookEntry.amount))).group_by(col(BookEntry.credit))
    ):
        sums[name] = sums.get(name, 0) + int(value)
    for name, value in conn.execute(
        select(col(BookEntry.debit), func.sum(col(BookEntry.amount))).group_by(col(BookEntry.debit))
    ):
        sums[name] = sums.get(name, 0) - int(value)
    entries = int(conn.execute(select(func.count()).select_from(BookEntry)).scalar() or 0)
    names = set(cached) | set(sums)
    return Audit(
        held_units=held_units,
        units_per_point=units_per_point(rules),
        pools=kinds["pool"],
        engagement=kinds["engagement"],
        pending=kinds["pending"],
        claimable=kinds["claimable"],
        claims=kinds["claims"],
        paid=kinds["paid"],
        drawn=-kinds["treasury"],
        entries=entries,
        balanced=sum(cached.values()) == 0 and kinds["other"] == 0,
        cached=all(cached.get(name, 0) == sums.get(name, 0) for name in names),
        overdrawn=sum(1 for name, value in cached.items() if value < 0 and name != book.TREASURY),
        deposits=kinds["deposit"],
        in_flight=in_flight.points_paid_on_chain(session, paid_on_chain),
    )


def owed(session: Tx) -> int:
    """Points the book owes (everything but the treasury's counterpart and what was paid), for funding checks."""
    rows = connection(session).execute(select(col(BookAccount.name), col(BookAccount.balance)))
    return sum(int(value) for name, value in rows if _kind(name) not in ("treasury", "paid"))


def _kind(name: str) -> str:
    if name in (book.TREASURY, book.CLAIMS, book.PAID):
        return name
    head, _, tail = name.partition(":")
    if head == "pool" or head == book.ENGAGEMENT:
        return head
    if head == "requester" and tail.endswith(":deposit"):
        return "deposit"
    if head == "player" and tail.endswith((":pending", ":claimable")):
        return tail.rsplit(":", 1)[1]
    return "other"


def player_balances(session: Tx, account_id: int, earned: int) -> Balances:
    found = book.balances(session, (book.pending(account_id), book.claimable(account_id)))
    return Balances(earned, found[book.pending(account_id)], found[book.claimable(account_id)])


def notify_admins(session: Tx, settings: Settings, result: Audit, now: datetime) -> int:
    """An AUDIT_FAILED notice to every configured admin who has an account; returns how many were queued."""
    conn = connection(session)
    found: set[int] = set()
    for platform in get_args(Platform):
        ids = list(getattr(settings.admins, platform, ()))
        if ids:
            query = select(col(Identity.account_id)).where(
                col(Identity.platform) == platform, col(Identity.external_id).in_(ids)
            )
            found.update(conn.execute(query).scalars())
    facts: notices.Facts = {
        "owed": result.owed,
        "unbacked": result.unbacked_points,
        "held_units": str(result.held_units),
    }
    for account_id in sorted(found):
        notices.push(session, account_id, NoticeKind.AUDIT_FAILED, facts, now)
    return len(found)
