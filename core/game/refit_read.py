"""A refit's first two steps: read one campaign's snapshot (one read transaction), then fit it.

On a SQLite file both run in a worker process (`fit_sqlite`, through core.offload): building a snapshot of a
whole campaign's answers and the EM fit are long pure-Python and numpy work, which on a thread of the bots'
process would make every press wait for the interpreter lock.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker
from sqlmodel import col

from core.assist import worker as assist_worker
from core.db.consensus_tables import CampaignWorker, LabelChange
from core.db.engine import build_sync_sqlite_reader
from core.db.tables import Assignment, Item
from core.db.uow import connection as session_connection
from core.game.campaign_cache import ActiveCampaign
from core.game.refit_model import RefitResult, Snapshot, compute

ModelSettings = tuple[Any, ...]  # refit.model_settings: compute's arguments after the snapshot


def snapshot(session: Session, campaign: ActiveCampaign, now: datetime, min_probability: float) -> Snapshot | None:
    """`read`, plus the campaign's model as a worker when it assists."""
    snap = read(session, campaign, now)
    if snap is None or not campaign.model_assist:
        return snap
    return assist_worker.with_model(session, snap, campaign.id, min_probability)


def fit_sqlite(
    url: str, campaign: ActiveCampaign, now: datetime, min_probability: float, settings: ModelSettings
) -> tuple[Snapshot, RefitResult] | None:
    """The snapshot of the SQLite file at `url` (a deferred read: no lock a writer waits for) and its fit."""
    engine = build_sync_sqlite_reader(url)
    try:
        with sessionmaker(engine)() as session, session.begin():
            snap = snapshot(session, campaign, now, min_probability)
    finally:
        engine.dispose()
    if snap is None:
        return None
    result = compute(snap, *settings)
    # Only what the write-back reads of the snapshot travels back (see refit_corrections): the bots' process
    # unpickles it on its event loop's thread.
    suspended = [w.account_id for w in result.workers if w.suspended]
    return replace(
        snap,
        stored={},
        previous={a: snap.previous[a] for a in suspended if a in snap.previous},
        settled={i: snap.settled[i] for i in result.relabelled},
        gold={},
        open_items=set(),
    ), result


def read(session: Session, campaign: ActiveCampaign, clock_now: datetime) -> Snapshot | None:
    """Every answered assignment of the campaign in one statement, plus stored models and label changes."""
    connection = session_connection(session)
    keys = tuple(choice.key for choice in campaign.choices)
    index = {key: i for i, key in enumerate(keys)}
    rows = [r for r in connection.execute(_answers(), {"campaign": campaign.id}) if r.choice in index]
    if not rows:
        return None
    changed = dict(connection.execute(_label_changes(), {"campaign": campaign.id}).all())
    gold, open_items, settled = {}, set(), {}
    for r in rows:
        if r.gold:
            if r.known_answer in index:
                gold[r.item_id] = index[r.known_answer]
        elif r.status == "open":
            open_items.add(r.item_id)
        else:
            settled[r.item_id] = changed.get(r.item_id, r.label)
    stored, previous = {}, {}
    for row in connection.execute(_stored(), {"campaign": campaign.id}):
        stored[row.account_id] = row.confusion
        days = (clock_now - row.updated_at).total_seconds() / 86400 if row.updated_at is not None else 1.0
        previous[row.account_id] = (float(row.weight), bool(row.suspended), days, bool(row.reinstated))
    return Snapshot(
        choices=keys,
        items=np.fromiter((r.item_id for r in rows), np.int64, len(rows)),
        accounts=np.fromiter((r.account_id for r in rows), np.int64, len(rows)),
        labels=np.fromiter((index[r.choice] for r in rows), np.int64, len(rows)),
        counted=np.fromiter((bool(r.counted) for r in rows), np.bool_, len(rows)),
        seconds=np.fromiter(((r.answered_at - r.shown_at).total_seconds() for r in rows), np.float64, len(rows)),
        gold=gold,
        open_items=open_items,
        settled=settled,
        stored=stored,
        previous=previous,
    )


@cache
def _answers() -> Any:
    return (
        select(
            col(Assignment.item_id),
            col(Assignment.account_id),
            col(Assignment.choice),
            col(Assignment.counted),
            col(Assignment.shown_at),
            col(Assignment.answered_at),
            col(Item.gold),
            col(Item.known_answer),
            col(Item.status),
            col(Item.label),
        )
        .join(Item, col(Item.id) == col(Assignment.item_id))
        .where(col(Item.campaign_id) == bindparam("campaign"), col(Assignment.answered_at).is_not(None))
        .order_by(col(Assignment.id))
    )


@cache
def _stored() -> Any:
    return select(
        col(CampaignWorker.account_id),
        col(CampaignWorker.confusion),
        col(CampaignWorker.weight),
        col(CampaignWorker.suspended),
        col(CampaignWorker.updated_at),
        col(CampaignWorker.reinstated),
    ).where(col(CampaignWorker.campaign_id) == bindparam("campaign"))


@cache
def _label_changes() -> Any:
    """Each item's labels after recorded changes, oldest first, so the dict keeps the latest."""
    return (
        select(col(LabelChange.item_id), col(LabelChange.new_label))
        .join(Item, col(Item.id) == col(LabelChange.item_id))
        .where(col(Item.campaign_id) == bindparam("campaign"))
        .order_by(col(LabelChange.id))
    )
