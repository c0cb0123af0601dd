"""Online truth inference on every answer, and settlement when an item resolves.

Each counted answer adds its worker's log-likelihood column to the item's log-posterior (O(choices)). Before
the first scheduled refit a worker is judged by their gold record (a one-coin model); after it, by the confusion
matrix the refit stored, times their spam weight. When the posterior reaches the campaign's target confidence
after the minimum answers, or the item hits the maximum with a clear leader, the item settles in the same
transaction: those on the consensus side gain reputation in the campaign's community, the item's reward is shared
among them pro rata to their new reputation, and every answer gets a receipt. Items the crowd splits on at the
maximum are marked ambiguous, never forced (`core.consensus.overlap.resolution`); a later refit whose models make
one confident decides it (`refit_corrections`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Row, insert

from core.consensus import Resolution, ResolutionState, ask_value, numeric_resolution, resolution, share_pool
from core.db.consensus_tables import PUBLIC, Receipt, Reputation
from core.db.uow import Tx, connection
from core.db.upsert import upsert
from core.game import book, item_results, reward_trust
from core.game import settlement_statements as statements
from core.game.campaign_cache import ActiveCampaign
from core.game.money import pools
from core.game.money.payroll import Payroll
from core.types import TaskKind


def likelihood(choices: int, label: int, answer: Any, gold_recent: str, prior: tuple[float, float]) -> np.ndarray:
    """log P(this answer | true class) for every class, weighted by how much the worker is trusted.

    Before a refit has seen the worker, their gold record is smoothed by `prior` ([consensus] prior_correct and
    prior_wrong): pseudo-answers on the right choice and on each wrong one, as in the refit's confusion rows.
    """
    if answer.confusion is not None:
        confusion = np.asarray(answer.confusion, dtype=np.float64)
        if confusion.shape == (choices, choices):
            weight = 0.0 if answer.suspended else float(answer.weight)
            return weight * np.log(np.clip(confusion[:, label], 1e-6, 1.0))
    prior_correct, prior_wrong = prior
    right = gold_recent.count("1") + prior_correct
    accuracy = right / (len(gold_recent) + prior_correct + prior_wrong * max(1, choices - 1))
    column = np.full(choices, np.log((1.0 - accuracy) / max(1, choices - 1)))
    column[label] = np.log(accuracy)
    return column


def update_item(session: Tx, item_id: int, column: np.ndarray, campaign: ActiveCampaign) -> Resolution | None:
    """Add the answer to the item's posterior, count it, and say whether the item is now decided.

    None when another transaction settled the item since this one looked: the answer is then taken without
    moving the item, and its results are rewritten to show it. The row is locked before it is read (PostgreSQL;
    SQLite has one writer anyway): under READ COMMITTED, answers read alongside one another would each write back
    the same posterior plus their own column, and an answer waiting on the settling one would count on an item
    that no longer counts.
    """
    locked = connection(session).execute(statements.locked_item(), {"item": item_id}).first()
    if locked is None or locked.status != "open":
        if locked is not None and locked.status in item_results.SETTLED:
            item_results.write(session, item_id)  # its results now show this answer too
        return None
    current = np.asarray(locked.log_posterior, dtype=np.float64) if locked.log_posterior else np.zeros(len(column))
    updated = current + column
    answers = locked.answers + 1
    params = {
        "item": item_id,
        "posterior": [round(x, 6) for x in updated],
        "value": ask_value(updated, answers, campaign.min_overlap),
    }
    connection(session).execute(statements.count_item(), params)
    if campaign.kind is TaskKind.NUMERIC:
        return _numeric(session, item_id, campaign)
    posterior = np.exp(updated - updated.max())
    posterior /= posterior.sum()
    return resolution(
        posterior,
        answers,
        campaign.min_overlap,
        campaign.max_overlap,
        campaign.target_confidence,
        campaign.calibration,
    )


def _numeric(session: Tx, item_id: int, campaign: ActiveCampaign) -> Resolution:
    """Numeric estimates settle on the robust estimate of the counted answers (outliers excluded), not on the
    categorical posterior: "7" and "8" are neighbours, not two unrelated classes. Suspended players' answers
    are left out, as their weight in the vote is zero."""
    keys = [choice.key for choice in campaign.choices]
    rows = connection(session).execute(statements.numeric_answers(), {"item": item_id, "campaign": campaign.id}).all()
    values = [float(r.choice) for r in rows if r.choice in keys and not r.suspended]
    state, label, confidence = numeric_resolution(
        values, [float(k) for k in keys], campaign.min_overlap, campaign.max_overlap, campaign.target_confidence
    )
    return Resolution(ResolutionState(state), label, confidence)


def settle(
    session: Tx,
    item_id: int,
    campaign: ActiveCampaign,
    decided: Resolution,
    now: datetime,
    payroll: Payroll | None = None,
) -> dict[int, int]:
    """Pay the item once; returns what each account earned (nothing when another transaction settled it).

    Locks follow `payroll`'s order: the item, its pool, reputation rows, the campaign if the pool ran dry; the
    winners' pending points and accounts go into `payroll` (the use case's, which applies them at its end), or are
    applied here when the caller passes none.
    """
    resolved = decided.state is ResolutionState.RESOLVED
    label = campaign.choices[decided.label].key if resolved else None
    params = {
        "item": item_id,
        "status": "resolved" if resolved else "ambiguous",
        "label": label,
        "confidence": float(decided.confidence),
        "now": now,
    }
    closed = connection(session).execute(statements.close_item(), params)
    if closed.rowcount == 0:
        return {}
    item_results.write(session, item_id)
    key = campaign.community_id or PUBLIC
    answers = counted_answers(session, item_id, campaign)
    winners = [a for a in answers if label is not None and a.choice == label]
    reputation = {a.account_id: (a.score if a.score is not None else 1.0) for a in answers}
    for winner in winners:
        reputation[winner.account_id] += 1.0
    # The reward follows the vote: a player the refit judged a spammer (weight 0, or suspended) who happened to
    # agree shares nothing; a player no refit has seen yet is weighted by their gold record.
    trust = {a.account_id: reward_trust.trust(a, len(campaign.choices)) for a in answers}
    weights = [reputation[w.account_id] * trust[w.account_id] for w in winners]
    pool, left = pools.take(session, campaign, bool(winners) and sum(weights) > 0)
    shares = share_pool(pool, weights) if pool else [0] * len(winners)
    earned = {w.account_id: share for w, share in zip(winners, shares, strict=True)}
    _move_reputation(session, key, answers, {w.account_id for w in winners})
    pools.stop_if_unfunded(session, campaign, now, left)
    pay = payroll if payroll is not None else Payroll(now)
    source, ref = book.pool(campaign.id), pools.share_ref(item_id)
    for account_id, amount in earned.items():
        pay.credit(account_id, amount, source, pools.REASON, ref, campaign.community_id)
    if payroll is None:
        pay.apply(session)
    total = sum(weights)
    connection(session).execute(
        insert(Receipt),
        [
            _receipt(
                a,
                item_id,
                label,
                decided,
                reputation[a.account_id],
                trust[a.account_id],
                earned.get(a.account_id, 0),
                pool,
                total,
                now,
            )
            for a in answers
        ],
    )
    return earned


def counted_answers(session: Tx, item_id: int, campaign: ActiveCampaign) -> list[Any]:
    """The item's counted answers with what weighs their share: reputation in the campaign's community, the gold
    record, and the refit's model of the player."""
    key = campaign.community_id or PUBLIC
    params = {"item": item_id, "community": key, "campaign": campaign.id}
    return list(connection(session).execute(statements.answers_with_reputation(), params).all())


def _move_reputation(session: Tx, key: int, answers: Sequence[Row[*tuple[Any, ...]]], winners: set[int]) -> None:
    """One upsert of the answers' reputation rows, in ascending order of account (step 4 of `payroll`'s)."""
    rows = [
        {
            "community_key": key,
            "account_id": a.account_id,
            "score": 2.0 if a.account_id in winners else 1.0,
            "settled": 1,
            "agreed": int(a.account_id in winners),
        }
        for a in sorted(answers, key=lambda a: a.account_id)
    ]
    upsert(session, Reputation, rows, ["community_key", "account_id"], statements.reputation_moves())


def _receipt(
    answer: Any,
    item_id: int,
    label: str | None,
    decided: Resolution,
    reputation: float,
    weight: float,
    earned: int,
    pool: int,
    total: float,
    now: datetime,
) -> dict[str, Any]:
    """The facts of one settled answer; adapters word them (`/why`)."""
    return {
        "assignment_id": answer.id,
        "item_id": item_id,
        "account_id": answer.account_id,
        "label": label,
        "confidence": float(decided.confidence),
        "agreed": label is not None and answer.choice == label,
        "weight": weight,
        "reputation": reputation,
        "earned": earned,
        "reward": pool,
        "winners_weight": total,
        "settled_at": now,
    }
