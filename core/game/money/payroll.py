"""The one lock order of every transaction that answers, settles or pays, and the pay it applies in that order.

On PostgreSQL a transaction that writes a row holds it until COMMIT; two that take the same rows in different
orders can each hold what the other waits for, and one of them is killed (a deadlock, retried at a cost). So every
paying path takes its locks in this order, skipping the steps it does not need and never going back to an earlier
one:

1. the player: a transaction-scoped advisory lock keyed by the account id (`lock_player`), so one player's answers
   run one at a time (their caches are written back as read) while their row stays free for others' settlements;
   SQLite serializes writers anyway, so there it takes nothing;
2. the item's row (`settlement.update_item`, a group quiz's item, `settlement.settle`'s close);
3. the pool's row (`pools.take`);
4. reputation rows, ascending by account; the campaign's row only if the pool ran dry (`pools.stop_if_unfunded`);
5. players' pending book rows, ascending by account, in one multi-row upsert (`Payroll.apply`);
6. account rows, ascending, one UPDATE each with every change of the row (`Payroll.apply`);
7. today's engagement budget, last: one conditional UPDATE just before COMMIT (`Payroll.apply`), so the one row
   every paying answer shares is held only for the commit. The day is opened beforehand in a short transaction of
   its own (`paying`); when its budget ran out meanwhile, the use case is run again and pays only what is left.

Inserts (book entries, earnings, receipts, notices) take no row another transaction waits for, so they go anywhere.
Changes an admin or a requester makes follow the same order: funding and status changes take the pool's row, then
the campaign's (`admin.campaigns.find(money=True)`); a gold change the item's, then the campaign's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import Select, bindparam, func, select, update
from sqlmodel import col

from core.db.book_tables import BookAccount
from core.db.tables import Account, Identity
from core.db.uow import Tx, connection
from core.db.upsert import upsert
from core.game import book, ledger
from core.game.deps import GameDeps
from core.game.money import engagement

T = TypeVar("T")
PLAYERS = 0x706C  # the advisory locks' key space of players (the single-key locks, migrations', use 0)
RERUNS = 8  # runs of a use case whose budget others spent meanwhile; the last pays nothing from the budget


class BudgetSpent(Exception):
    """Today's budget no longer covers what this transaction drew: it is rolled back and run again."""


@dataclass
class Budget:
    """Today's engagement budget, as a paying use case's run sees it."""

    day: str
    short: bool = False  # a run before this one found it spent: draws are checked against what is left
    dry: bool = False  # the last run: nothing is drawn


def lock_player(session: Tx, platform: str, external_id: str) -> None:
    """Step 1, by the player's identity (no round trip to find the account first): one transaction of the player
    at a time, as their caches are written back as read (hourly count, recent gold), or two answers at once would
    both pass the hourly limit. PostgreSQL only; SQLite has one writer."""
    conn = connection(session)
    if conn.dialect.name == "postgresql":
        conn.execute(_lock_player(), {"space": PLAYERS, "platform": platform, "external_id": external_id})


@dataclass
class Payroll:
    """What one transaction pays and changes on players' rows, applied in the lock order by `apply`."""

    now: datetime
    budget: Budget | None = None  # None: nothing in this transaction draws on the day's budget
    pending: dict[int, int] = field(default_factory=dict)  # account -> points into their pending points
    points: dict[int, int] = field(default_factory=dict)  # account -> move of `Account.points`
    columns: dict[int, dict[str, Any]] = field(default_factory=dict)  # account -> other columns its row takes
    entries: list[dict[str, Any]] = field(default_factory=list)  # book entries
    earnings: list[dict[str, Any]] = field(default_factory=list)  # ledger entries
    drawn: int = 0  # from the day's budget
    left: int | None = None  # what the budget held when read (a short run)

    def credit(
        self,
        account_id: int,
        amount: int,
        debit: str,
        reason: str,
        ref: str,
        community_id: int | None = None,
    ) -> int:
        """`amount` (already taken from `debit`) into the player's pending points, with its book entry, its
        earnings entry and the move of `Account.points`."""
        if amount <= 0:
            return 0
        self.pending[account_id] = self.pending.get(account_id, 0) + amount
        self.entries.append(
            {
                "debit": debit,
                "credit": book.pending(account_id),
                "amount": amount,
                "reason": reason,
                "ref": ref,
                "account_id": account_id,
                "created_at": self.now,
            }
        )
        self.earnings.append(
            {
                "account_id": account_id,
                "amount": amount,
                "reason": reason,
                "ref": ref,
                "community_id": community_id,
                "created_at": self.now,
            }
        )
        self.points[account_id] = self.points.get(account_id, 0) + amount
        return amount

    def draw(
        self, session: Tx, account_id: int, points: int, reason: str, ref: str, community_id: int | None = None
    ) -> int:
        """A reward from today's budget, whole or not at all: counted now, taken from the budget in `apply`."""
        budget = self.budget
        if points <= 0 or budget is None or budget.dry:
            return 0
        if budget.short:
            if self.left is None:
                self.left = book.balance(session, budget.day)
            if self.drawn + points > self.left:
                return 0
        self.drawn += points
        return self.credit(account_id, points, budget.day, reason, ref, community_id)

    def set(self, account_id: int, **values: Any) -> None:
        """Columns of the player's row, written in the row's one UPDATE (later values win)."""
        self.columns.setdefault(account_id, {}).update(values)

    def apply(self, session: Tx) -> None:
        """Steps 5 to 7; raises BudgetSpent when the budget no longer covers what was drawn."""
        conn = connection(session)
        if self.pending:
            rows = [{"name": book.pending(a), "balance": n} for a, n in sorted(self.pending.items())]
            upsert(session, BookAccount, rows, ["name"], {"balance": book.added()})
        if self.entries:
            conn.execute(book.entry_insert(), self.entries)
        if self.earnings:
            conn.execute(ledger.entry_insert(), self.earnings)
        for account_id in sorted(self.points.keys() | self.columns.keys()):
            values = self.columns.get(account_id, {})
            conn.execute(
                _account_update(tuple(values)),
                {"account": account_id, "points": self.points.get(account_id, 0), **values},
            )
        if self.drawn:
            assert self.budget is not None
            if not book.take(session, self.budget.day, self.drawn):
                raise BudgetSpent()


async def paying(deps: GameDeps, attempt: Callable[[Budget], Awaitable[T]]) -> T:
    """Run a use case that draws on today's budget: the day opened first, in a short transaction of its own (once
    per day and process); a run that found the budget spent at its end is run again, drawing on what is left."""
    budget = Budget(await open_today(deps))
    for run in range(RERUNS):
        try:
            return await attempt(budget)
        except BudgetSpent:
            budget = Budget(await open_today(deps), short=True, dry=run == RERUNS - 2)
    raise AssertionError("unreachable: the last run draws nothing")


async def open_today(deps: GameDeps) -> str:
    now = deps.clock.now()
    today = engagement.today(deps, now)
    if today not in deps.open_days:
        budget = deps.settings.rewards.engagement_points_per_day
        await deps.db.run(lambda session: engagement.open_day(session, today, budget, now))
        deps.open_days.add(today)
    return today


@cache
def _lock_player() -> Select:
    """An advisory lock, not the player's row: the row stays free for the settlements that pay them meanwhile."""
    return select(func.pg_advisory_xact_lock(bindparam("space"), col(Identity.account_id))).where(
        col(Identity.platform) == bindparam("platform"), col(Identity.external_id) == bindparam("external_id")
    )


@cache
def _account_update(columns: tuple[str, ...]) -> Any:
    values: dict[str, Any] = {"points": col(Account.points) + bindparam("points")}
    values.update({name: bindparam(name) for name in columns})
    return update(Account).where(col(Account.id) == bindparam("account")).values(**values)
