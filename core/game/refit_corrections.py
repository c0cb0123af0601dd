"""What a refit's new judgement corrects in work already settled, in the refit's transaction: a player it
suspends is told why and loses their pending shares in the campaign; a settled item whose label it changes gets
its change recorded and its pending shares moved to the answers that now agree (`money.corrections`). An item
left ambiguous that the refit decides is the same correction from no label: it is recorded as a change, becomes
resolved on its new label, and its agreeing answers are paid their shares then."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, update
from sqlmodel import col

from core.db.consensus_tables import LabelChange
from core.db.results import id_column
from core.db.tables import Item
from core.db.uow import Tx, connection
from core.game import notices
from core.game.campaign_cache import ActiveCampaign
from core.game.money import corrections
from core.game.refit_model import RefitResult, Snapshot
from core.types import NoticeKind, TaskKind


def suspensions(session: Tx, campaign: ActiveCampaign, snap: Snapshot, result: RefitResult, now: datetime) -> None:
    """After the worker models are written: a newly suspended player is told once (not again while the suspension
    stands), and every suspended player's pending shares in the campaign go back to its pool."""
    for w in result.workers:
        before = snap.previous.get(w.account_id)
        if w.suspended and (before is None or not before[1]):
            facts: notices.Facts = {"campaign": campaign.name, "campaign_id": campaign.id, "reason": w.reason}
            notices.push(session, w.account_id, NoticeKind.SUSPENDED, facts, now)
    if any(w.suspended for w in result.workers):
        corrections.take_back_suspended(session, now, campaign.id)


def label_changes(session: Tx, campaign: ActiveCampaign, snap: Snapshot, result: RefitResult, now: datetime) -> int:
    """Record each settled item the fit relabels and correct its shares; returns how many were recorded.

    A numeric campaign settles on the robust estimate of its answers, which the categorical fit cannot
    second-guess: its items are never relabelled."""
    if campaign.kind is TaskKind.NUMERIC:
        return 0
    conn = connection(session)
    for item, (label, confidence) in result.relabelled.items():
        row = {
            "item_id": item,
            "old_label": snap.settled[item],
            "new_label": snap.choices[label],
            "confidence": confidence,
            "changed_at": now,
        }
        change = conn.execute(insert(LabelChange).values(row).returning(id_column(LabelChange.id))).scalar_one()
        if snap.settled[item] is None:
            _resolve_ambiguous(session, item, snap.choices[label], confidence)
        corrections.relabel(session, campaign, item, snap.choices[label], change, now)
    return len(result.relabelled)


def _resolve_ambiguous(session: Tx, item_id: int, label: str, confidence: float) -> None:
    """The refit decided an item the crowd had left ambiguous: it is resolved on `label` from now on (its
    settlement time stays the first one; the label change records when the refit decided it)."""
    connection(session).execute(
        update(Item)
        .where(col(Item.id) == item_id, col(Item.status) == "ambiguous")
        .values(status="resolved", label=label, confidence=confidence)
    )
