"""What must hold after any crash: read from the ledger, the cached totals and the rows the use cases write.

Everything that knows how value is booked is in this file (the entry reasons and refs, the cached column), so
a reshaped ledger changes this file and not the crash test.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.consensus_tables import Receipt
from core.db.tables import Account, Assignment, Campaign, Item, LedgerEntry
from core.settings import Settings


@dataclass(frozen=True)
class CrashReport:
    answers: int
    settled_items: int
    level_ups: int
    referrals: int


async def check_invariants(session: AsyncSession, acked: list[int], settings: Settings) -> CrashReport:
    entries = (await session.execute(select(LedgerEntry))).scalars().all()
    answered = {
        row.id: row
        for row in (await session.scalars(select(Assignment).where(Assignment.answered_at.is_not(None)))).all()
    }
    _ledger_equals_cached_totals(entries, {a.id: a.points for a in await session.scalars(select(Account))})
    _every_acknowledged_answer_once(acked, answered, entries)
    await _item_counts_match_their_answers(session, answered)
    settled = await _every_settled_item_paid_its_reward(session, answered, entries)
    accounts = list(await session.scalars(select(Account)))
    level_ups, referrals = _level_ups_and_referrals_paid_once(accounts, entries, settings)
    return CrashReport(len(answered), settled, level_ups, referrals)


def _ledger_equals_cached_totals(entries: list[LedgerEntry], cached: dict[int, int]) -> None:
    sums: dict[int, int] = defaultdict(int)
    for entry in entries:
        sums[entry.account_id] += entry.amount
    assert {account: sums.get(account, 0) for account in cached} == cached, (dict(sums), cached)


def _every_acknowledged_answer_once(
    acked: list[int], answered: dict[int, Assignment], entries: list[LedgerEntry]
) -> None:
    assert len(acked) == len(set(acked)), "an answer was acknowledged twice"
    assert set(acked) <= set(answered), "an acknowledged answer is missing"
    paid = Counter((e.account_id, int(e.ref)) for e in entries if e.reason == "answer")
    # Every answer on record (acknowledged or caught by the kill after its commit) was paid once, and nothing else.
    assert paid == Counter((row.account_id, row.id) for row in answered.values() if row.counted)


async def _item_counts_match_their_answers(session: AsyncSession, answered: dict[int, Assignment]) -> None:
    """An open item's cached count is its counted answers (a settled one's stops at settlement, see below)."""
    counted = Counter(row.item_id for row in answered.values() if row.counted)
    items = (await session.scalars(select(Item).where(Item.status == "open"))).all()
    wrong = {
        item.id: (item.answers, counted.get(item.id, 0)) for item in items if item.answers != counted.get(item.id, 0)
    }
    assert not wrong, f"item: (cached, counted) {wrong}"


async def _every_settled_item_paid_its_reward(
    session: AsyncSession, answered: dict[int, Assignment], entries: list[LedgerEntry]
) -> int:
    """A settled item paid its whole pool to those who agreed (or nothing: no consensus, or no trusted winner),
    once, with a receipt per counted answer; an open item paid nothing."""
    pools = dict((await session.execute(select(Campaign.id, Campaign.points_per_item))).all())
    items = {item.id: item for item in await session.scalars(select(Item))}
    receipts: dict[int, list[Receipt]] = defaultdict(list)
    for receipt in await session.scalars(select(Receipt)):
        receipts[receipt.item_id].append(receipt)
    paid: dict[int, dict[int, int]] = defaultdict(dict)
    for entry in entries:
        if entry.reason == "settlement":
            item_id = int(entry.ref.removeprefix("item:"))
            assert entry.account_id not in paid[item_id], "an item paid a player twice"
            paid[item_id][entry.account_id] = entry.amount
    counted = defaultdict(set)
    for row in answered.values():
        if row.counted:
            counted[row.item_id].add(row.id)
    settled = [item for item in items.values() if item.status != "open"]
    for item in settled:
        mine = receipts[item.id]
        # One receipt per answer counted when it settled; answers given while it was on others' screens come later
        # and are taken without moving its count or its pay.
        assert {r.assignment_id for r in mine} <= counted[item.id], f"item {item.id}: a receipt without an answer"
        # An answer racing the settling one waits for it and is then taken without moving the count.
        assert len(mine) == item.answers, f"item {item.id}: {len(mine)} receipts for {item.answers} answers"
        earned = {r.account_id: r.earned for r in mine if r.earned}
        assert paid.get(item.id, {}) == earned, f"item {item.id}: ledger != receipts"
        trusted_winner = item.status == "resolved" and any(r.agreed and r.weight > 0 for r in mine)
        expected = pools[item.campaign_id] if trusted_winner else 0
        assert sum(earned.values()) == expected, f"item {item.id} paid {sum(earned.values())}, not {expected}"
    still_open = {item.id for item in items.values() if item.status == "open"}
    assert not still_open & (set(paid) | set(receipts)), "an open item paid or has receipts"
    return len(settled)


def _level_ups_and_referrals_paid_once(
    accounts: list[Account], entries: list[LedgerEntry], settings: Settings
) -> tuple[int, int]:
    """Each level first reached paid its bonus once; each invitee who graduated paid their inviter once."""
    by_reason: dict[str, list[LedgerEntry]] = defaultdict(list)
    for entry in entries:
        by_reason[entry.reason].append(entry)
    bonus = settings.levels.level_up_points
    level_ups = Counter(e.account_id for e in by_reason["level_up"])
    assert all(e.amount == bonus for e in by_reason["level_up"])
    assert dict(level_ups) == {a.id: a.best_level for a in accounts if a.best_level > 0}
    graduated = {a.id: a.invited_by for a in accounts if a.invited_by is not None and a.best_level > 0}
    assert {a.id for a in accounts if a.referral_rewarded} == set(graduated)
    referrals = by_reason["referral"]
    assert sorted((e.account_id, int(e.ref)) for e in referrals) == sorted((by, a) for a, by in graduated.items())
    assert all(e.amount == settings.referrals.inviter_points for e in referrals)
    assert Counter(e.account_id for e in by_reason["referral_bonus"]) == Counter(graduated)
    return len(by_reason["level_up"]), len(referrals)
