"""A refit's corrections reach pending points, in the refit's own transaction.

- A suspended player's pending shares in the campaign go back to its pool (`take_back_suspended`).
- A settled item whose label a refit changes (`relabel`): the pending shares of answers that no longer agree go
  back to the pool; the answers that now agree get their share of the item's reward from the pool, weighed as
  settlement weighs them. When the pool cannot cover those shares, nothing is paid for the item (an item is never
  paid in part) and the campaign pauses, as when settlement meets an empty pool.

Only pending points move: points already released (claimable, claimed or paid) are never taken back. Every move is
a book entry naming its source, with the earned points (`ledger`) and the answer's receipt corrected beside it.
Reputation follows the label: an answer that no longer agrees gives back the point it gained, one that now agrees
gains it.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlmodel import col

from core.consensus import share_pool
from core.db.book_tables import BookEntry
from core.db.consensus_tables import PUBLIC, CampaignWorker, Receipt, Reputation
from core.db.results import id_column
from core.db.tables import Campaign
from core.db.uow import Tx, connection
from core.game import book, ledger, reward_trust, settlement
from core.game.campaign_cache import ActiveCampaign
from core.game.money import pools
from core.game.money.pending import CLAWBACK, RELABEL, TAKEN_BACK, open_entries


def take_back_suspended(session: Tx, now: datetime, campaign_id: int | None = None) -> int:
    """Suspended players' pending shares (in one campaign, or all) back to their pools; returns the points moved."""
    conn = connection(session)
    query = select(col(CampaignWorker.campaign_id), col(CampaignWorker.account_id)).where(
        col(CampaignWorker.suspended).is_(True)
    )
    if campaign_id is not None:
        query = query.where(col(CampaignWorker.campaign_id) == campaign_id)
    suspended = set(conn.execute(query).all())
    if not suspended:
        return 0
    accounts = sorted({account_id for _, account_id in suspended})
    rows = conn.execute(
        open_entries()
        .where(
            col(BookEntry.debit).like("pool:%"),
            col(BookEntry.reason) == pools.REASON,
            col(BookEntry.account_id).in_(accounts),
        )
        .order_by(col(BookEntry.id))
    ).all()
    mine = [row for row in rows if (_campaign_of(row.debit), row.account_id) in suspended]
    return sum(_take_back(session, row, CLAWBACK, now) for row in mine)


def relabel(session: Tx, campaign: ActiveCampaign, item_id: int, label: str, change: int, now: datetime) -> int:
    """Correct the item's shares for its new `label` (label change `change`); returns the points newly paid."""
    answers = settlement.counted_answers(session, item_id, campaign)
    choice = {a.account_id: a.choice for a in answers}
    conn = connection(session)
    shares = _item_shares(campaign.id, item_id)
    for row in conn.execute(open_entries().where(shares).order_by(col(BookEntry.id))).all():
        if choice.get(row.account_id) != label:
            _take_back(session, row, RELABEL, now)
    winners = [a for a in answers if a.choice == label]
    _correct_reputation(session, campaign, item_id, {a.account_id for a in winners})
    _mark_receipts(session, item_id, label, {a.account_id for a in winners})
    due = _due(session, campaign, item_id, winners)
    paid = 0
    if due and book.lock(session, book.pool(campaign.id)) >= sum(due.values()):
        for account_id, amount in due.items():
            paid += pools.pay_share(session, campaign.id, account_id, amount, item_id, now, change)
            ref = pools.share_ref(item_id, change)
            ledger.post(session, account_id, amount, pools.REASON, ref, now, campaign.community_id)
            _add_to_receipt(session, item_id, account_id, amount)
    pools.stop_if_unfunded(session, campaign, now)
    return paid


def _due(session: Tx, campaign: ActiveCampaign, item_id: int, winners: list[Any]) -> dict[int, int]:
    """What each agreeing answer that holds no share of the item yet is owed: the item's reward shared among all
    who now agree as settlement shares it (those who kept a share keep theirs, and their part stays in the pool)."""
    k = len(campaign.choices)
    weights = [(a.score if a.score is not None else 1.0) * reward_trust.trust(a, k) for a in winners]
    if not campaign.points_per_item or sum(weights) <= 0:
        return {}
    holders = _holders(session, campaign.id, item_id)
    amounts = share_pool(campaign.points_per_item, weights)
    return {a.account_id: n for a, n in zip(winners, amounts, strict=True) if n > 0 and a.account_id not in holders}


def _holders(session: Tx, campaign_id: int, item_id: int) -> set[int]:
    """Accounts holding a share of the item that was not taken back (pending, or released and theirs for good)."""
    conn = connection(session)
    query = select(id_column(BookEntry.id), col(BookEntry.account_id)).where(_item_shares(campaign_id, item_id))
    paid = dict(conn.execute(query).all())
    if not paid:
        return set()
    taken = conn.execute(
        select(col(BookEntry.ref)).where(
            col(BookEntry.reason).in_(TAKEN_BACK), col(BookEntry.ref).in_([str(entry_id) for entry_id in paid])
        )
    ).scalars()
    left = set(paid) - {int(ref) for ref in taken}
    return {account for entry_id in left if (account := paid[entry_id]) is not None}  # shares name their player


def _item_shares(campaign_id: int, item_id: int) -> Any:
    """Settlement shares of the item from its pool: the first settlement's and those of later label changes."""
    ref = pools.share_ref(item_id)
    return (
        (col(BookEntry.debit) == book.pool(campaign_id))
        & (col(BookEntry.reason) == pools.REASON)
        & or_(col(BookEntry.ref) == ref, col(BookEntry.ref).like(f"{ref}/%"))
    )


def _take_back(session: Tx, row: Any, reason: str, now: datetime) -> int:
    """One pending share (an open entry pool -> pending) back to its pool, with the earned points and receipt."""
    account_id, amount = int(row.account_id), int(row.amount)
    moved = book.move(session, row.credit, row.debit, amount, reason, str(row.id), now, account_id)
    if moved:
        item_id = pools.item_of(_ref_of(session, int(row.id)))
        ledger.post(session, account_id, -moved, reason, str(row.id), now, _community_of(session, row.debit))
        _add_to_receipt(session, item_id, account_id, -moved)
    return moved


def _correct_reputation(session: Tx, campaign: ActiveCampaign, item_id: int, agreeing: set[int]) -> None:
    """Reputation grows by one for each answer that agrees with its item's settled label: an answer that agreed and
    no longer does gives that one back, one that agrees now gains it (an ambiguous item decided: its agreeing
    answers). The receipts say who agreed so far; rows in ascending order of account (step 4 of `payroll`'s)."""
    conn = connection(session)
    before = conn.execute(
        select(col(Receipt.account_id), col(Receipt.agreed)).where(col(Receipt.item_id) == item_id)
    ).all()
    moves = sorted((account, int(account in agreeing) - int(agreed)) for account, agreed in before)
    rows = [{"key": campaign.community_id or PUBLIC, "account": a, "move": move} for a, move in moves if move]
    if rows:
        conn.execute(_reputation_move(), rows)


@cache
def _reputation_move() -> Any:
    return (
        update(Reputation)
        .where(col(Reputation.community_key) == bindparam("key"), col(Reputation.account_id) == bindparam("account"))
        .values(score=col(Reputation.score) + bindparam("move"), agreed=col(Reputation.agreed) + bindparam("move"))
    )


def _mark_receipts(session: Tx, item_id: int, label: str, agreeing: set[int]) -> None:
    conn = connection(session)
    mine = col(Receipt.item_id) == item_id
    conn.execute(update(Receipt).where(mine).values(label=label, agreed=col(Receipt.account_id).in_(sorted(agreeing))))


def _add_to_receipt(session: Tx, item_id: int, account_id: int, amount: int) -> None:
    connection(session).execute(
        update(Receipt)
        .where(col(Receipt.item_id) == item_id, col(Receipt.account_id) == account_id)
        .values(earned=col(Receipt.earned) + amount)
    )


def _ref_of(session: Tx, entry_id: int) -> str:
    return str(
        connection(session).execute(select(col(BookEntry.ref)).where(col(BookEntry.id) == entry_id)).scalar_one()
    )


def _community_of(session: Tx, pool: str) -> int | None:
    query = select(col(Campaign.community_id)).where(col(Campaign.id) == _campaign_of(pool))
    return connection(session).execute(query).scalar()


def _campaign_of(pool: str) -> int:
    return int(pool.removeprefix("pool:"))
