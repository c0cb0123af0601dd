"""The model in the refit: its confident predictions join the snapshot as the answers of one pseudo-worker.

The pseudo-worker's id is `MODEL_ACCOUNT`, which no account can have, so everything keyed by account (pay,
standings, reputation, suspensions, receipts) cannot reach it. Dawid-Skene learns its confusion matrix like
anyone's, from the items the crowd also answered: a model that agrees with the crowd no better than chance gets
flat columns, which move no posterior. It is judged by that matrix alone: no spam weight, never suspended. Its
answers do not count toward an item's overlap (the minimum and maximum are the crowd's).
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

import numpy as np
from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.assist_tables import CampaignModel, ModelPrediction
from core.db.tables import Item
from core.db.uow import connection
from core.game.refit_model import MODEL_ACCOUNT, RefitResult, Snapshot

__all__ = ["MODEL_ACCOUNT", "is_model", "model_answers", "save_confusion", "with_model"]


def is_model(accounts: np.ndarray) -> np.ndarray:
    """Which entries of an account-id array are the campaign's model."""
    return np.asarray(accounts) == MODEL_ACCOUNT


def model_answers(session: Session, campaign_id: int, keys: tuple[str, ...], min_probability: float) -> dict[int, int]:
    """Item id -> choice index: each item's latest confident prediction (the newest version that made one)."""
    index = {key: i for i, key in enumerate(keys)}
    rows = connection(session).execute(_predictions(), {"campaign": campaign_id, "least": min_probability})
    return {r.item_id: index[r.choice] for r in rows if r.choice in index}


def with_model(session: Session, snap: Snapshot, campaign_id: int, min_probability: float) -> Snapshot:
    """The snapshot plus the model's answers on the items it holds (answered by the crowd or gold)."""
    answers = model_answers(session, campaign_id, snap.choices, min_probability)
    present = set(np.unique(snap.items).tolist())
    items = np.fromiter((i for i in answers if i in present), np.int64)
    if not len(items):
        return snap
    labels = np.fromiter((answers[int(i)] for i in items), np.int64, len(items))
    stored = dict(snap.stored)
    confusion = connection(session).execute(_confusion(), {"campaign": campaign_id}).scalar()
    if confusion is not None:
        stored[MODEL_ACCOUNT] = confusion
    return replace(
        snap,
        items=np.concatenate([snap.items, items]),
        accounts=np.concatenate([snap.accounts, np.full(len(items), MODEL_ACCOUNT, dtype=np.int64)]),
        labels=np.concatenate([snap.labels, labels]),
        counted=np.concatenate([snap.counted, np.ones(len(items), dtype=np.bool_)]),
        seconds=np.concatenate([snap.seconds, np.full(len(items), np.inf)]),
        stored=stored,
    )


def save_confusion(session: Session, campaign_id: int, result: RefitResult, now: Any) -> None:
    """The model's learned confusion matrix, beside its weights (the players' rows go to CampaignWorker)."""
    row = next((w for w in result.workers if w.account_id == MODEL_ACCOUNT), None)
    if row is not None:
        connection(session).execute(
            update(CampaignModel)
            .where(col(CampaignModel.campaign_id) == campaign_id)
            .values(confusion=row.confusion, confusion_at=now)
        )


@cache
def _predictions() -> Any:
    return (
        select(col(ModelPrediction.item_id), col(ModelPrediction.choice))
        .join(Item, col(Item.id) == col(ModelPrediction.item_id))
        .where(col(Item.campaign_id) == bindparam("campaign"), col(ModelPrediction.probability) >= bindparam("least"))
        .order_by(col(ModelPrediction.version))
    )


@cache
def _confusion() -> Any:
    return select(col(CampaignModel.confusion)).where(col(CampaignModel.campaign_id) == bindparam("campaign"))
