"""The scheduled use case of campaigns with the `model_assist` term: train, predict, record, update posteriors.

Three steps, as the refit does, so no transaction stays open while the model learns: read what it needs (one
read-only transaction), train and predict (`training.plan`, on a worker thread, off the event loop), write the
weights and predictions back (short transactions). A confident prediction is the model's answer: the item's
posterior gains the model's column from the confusion matrix the last refit learned for it (nothing before the
refit has judged the model), serving's value follows the new posterior, and the item settles if the normal
stopping rule now says so, paying the players who agreed (the model is no account: it is never paid).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime
from functools import partial

import numpy as np
from sqlalchemy import and_, column, select, table, update
from sqlalchemy.orm import Session
from sqlmodel import col

from core import paths
from core.assist.training import AssistSnapshot, Content, Plan, plan
from core.consensus import ResolutionState, ask_value, resolution
from core.db.assist_tables import CampaignModel, ModelPrediction
from core.db.tables import Item
from core.db.uow import connection
from core.db.upsert import upsert
from core.game import settlement
from core.game.campaign_cache import ActiveCampaign
from core.game.deps import GameDeps
from core.types import TaskKind

log = logging.getLogger(__name__)
IMAGE_KINDS = frozenset({TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY})
MAX_OPEN = 20_000  # open items read per run
WRITE_BATCH = 200  # predictions per transaction
# The row an upsert would have inserted, as both databases name it in ON CONFLICT DO UPDATE.
EXCLUDED = table(
    "excluded", column("version"), column("weights"), column("trained_on"), column("trained_at"), column("probability")
)


@dataclass(frozen=True, slots=True)
class AssistReport:
    campaign_id: int
    version: int
    retrained: bool
    predictions: int
    confident: int
    settled: int


async def assist(deps: GameDeps, campaign_id: int | None = None) -> list[AssistReport]:
    """Every active campaign with the term (or one): retrain when due, predict its open items."""
    active = await deps.db.run(lambda session: dict(deps.campaigns.active(session)))
    wanted = [
        c
        for c in active.values()
        if c.model_assist and c.kind is not TaskKind.NUMERIC and (campaign_id is None or c.id == campaign_id)
    ]
    least = deps.settings.consensus.assist_min_probability
    reports = []
    for campaign in wanted:
        snap = await deps.db.run(partial(read, campaign=campaign), read_only=True)
        result = await asyncio.to_thread(plan, snap)
        now = deps.clock.now()
        settled = confident = 0
        batches = [result.predictions[i : i + WRITE_BATCH] for i in range(0, len(result.predictions), WRITE_BATCH)]
        for n, batch in enumerate(batches or [()]):
            step = partial(write, campaign=campaign, result=result, batch=batch, least=least, now=now, first=n == 0)
            done, sure = await deps.db.run(step)
            settled, confident = settled + done, confident + sure
        report = AssistReport(
            campaign.id, result.version, result.weights is not None, len(result.predictions), confident, settled
        )
        reports.append(report)
        log.info("model assist %s", report)
    return reports


def read(session: Session, campaign: ActiveCampaign) -> AssistSnapshot:
    """The stored model, the settled items and gold it learns from, and the open items it may predict."""
    conn = connection(session)
    keys = [choice.key for choice in campaign.choices]
    index = {key: i for i, key in enumerate(keys)}
    model = conn.execute(select(CampaignModel).where(col(CampaignModel.campaign_id) == campaign.id)).first()
    version = int(model.version) if model is not None else 0
    comparison = campaign.kind is TaskKind.COMPARISON
    image = campaign.kind in IMAGE_KINDS

    def content(row: object) -> Content:
        text = row.text + (" " + " ".join(row.answers_shown) if comparison else "")  # type: ignore[attr-defined]
        return Content(row.id, text, paths.resolve(row.image) if image else None)  # type: ignore[attr-defined]

    fields = (col(Item.id), col(Item.text), col(Item.image), col(Item.answers_shown))
    mine = col(Item.campaign_id) == campaign.id
    settled = conn.execute(
        select(*fields, col(Item.label))
        .where(mine, ~col(Item.gold), col(Item.status) == "resolved")
        .order_by(col(Item.id))
    ).all()
    gold = conn.execute(
        select(*fields, col(Item.known_answer)).where(mine, col(Item.gold)).order_by(col(Item.id))
    ).all()
    taught = [(content(r), index[r.label]) for r in settled if r.label in index]
    taught += [(content(r), index[r.known_answer]) for r in gold if r.known_answer in index]
    open_rows = conn.execute(
        select(*fields).where(mine, ~col(Item.gold), col(Item.status) == "open").order_by(col(Item.id)).limit(MAX_OPEN)
    ).all()
    predicted = conn.execute(
        select(col(ModelPrediction.item_id))
        .join(Item, col(Item.id) == col(ModelPrediction.item_id))
        .where(mine, col(Item.status) == "open", col(ModelPrediction.version) == version)
    ).scalars()
    return AssistSnapshot(
        kind="image" if image else "text",
        n_choices=len(keys),
        version=version,
        weights=model.weights if model is not None else None,
        trained_on=int(model.trained_on) if model is not None else 0,
        examples=tuple(c for c, _ in taught),
        labels=tuple(label for _, label in taught),
        open_items=tuple(content(r) for r in open_rows),
        predicted=frozenset(predicted),
    )


def write(
    session: Session,
    campaign: ActiveCampaign,
    result: Plan,
    batch: tuple[tuple[int, int, float], ...],
    least: float,
    now: datetime,
    first: bool,
) -> tuple[int, int]:
    """Store a new version (first batch), record the batch's predictions, and move the confident ones' items.

    Returns (items settled, confident predictions)."""
    conn = connection(session)
    if first and result.weights is not None:
        row = {
            "campaign_id": campaign.id,
            "version": result.version,
            "weights": result.weights,
            "trained_on": result.trained_on,
            "trained_at": now,
        }
        updates = {name: EXCLUDED.c[name] for name in row if name != "campaign_id"}
        upsert(session, CampaignModel, [row], ["campaign_id"], updates)
    keys = [choice.key for choice in campaign.choices]
    rows = [
        {"item_id": item, "version": result.version, "choice": keys[label], "probability": p, "created_at": now}
        for item, label, p in batch
    ]
    upsert(session, ModelPrediction, rows, ["item_id", "version"], {"probability": EXCLUDED.c.probability})
    confusion = conn.execute(
        select(col(CampaignModel.confusion)).where(col(CampaignModel.campaign_id) == campaign.id)
    ).scalar()
    sure = [(item, label) for item, label, p in batch if p >= least]
    if confusion is None or np.shape(confusion) != (len(keys), len(keys)):
        return 0, len(sure)  # no refit has judged the model yet: its answers wait for one
    logs = np.log(np.clip(np.asarray(confusion, dtype=np.float64), 1e-6, 1.0))
    before = _previous(session, [item for item, _ in sure], result.version, least, keys)
    settled = 0
    for item, label in sure:
        delta = logs[:, label] - (logs[:, before[item]] if item in before else 0.0)
        settled += _move(session, item, delta, campaign, now)
    return settled, len(sure)


def _previous(session: Session, items: list[int], version: int, least: float, keys: list[str]) -> dict[int, int]:
    """Each item's latest confident prediction of an older version: its column is already in the posterior."""
    if not items:
        return {}
    rows = connection(session).execute(
        select(col(ModelPrediction.item_id), col(ModelPrediction.choice))
        .where(
            col(ModelPrediction.item_id).in_(items),
            col(ModelPrediction.version) < version,
            col(ModelPrediction.probability) >= least,
        )
        .order_by(col(ModelPrediction.version))
    )
    return {r.item_id: keys.index(r.choice) for r in rows if r.choice in keys}


def _move(session: Session, item_id: int, delta: np.ndarray, campaign: ActiveCampaign, now: datetime) -> int:
    """Add the model's column to an open item's posterior (locked first, as an answer does); settle if decided."""
    conn = connection(session)
    locked = conn.execute(
        select(col(Item.status), col(Item.answers), col(Item.log_posterior))
        .where(col(Item.id) == item_id)
        .with_for_update(key_share=True)
    ).first()
    if locked is None or locked.status != "open":
        return 0
    current = np.asarray(locked.log_posterior, dtype=np.float64) if locked.log_posterior else np.zeros(len(delta))
    updated = current + delta
    conn.execute(
        update(Item)
        .where(and_(col(Item.id) == item_id, col(Item.status) == "open"))
        .values(
            log_posterior=[round(float(x), 6) for x in updated],
            ask_value=ask_value(updated, locked.answers, campaign.min_overlap),
        )
    )
    p = np.exp(updated - updated.max())
    decided = resolution(
        p / p.sum(),
        locked.answers,
        campaign.min_overlap,
        campaign.max_overlap,
        campaign.target_confidence,
        campaign.calibration,
    )
    if decided.state is not ResolutionState.RESOLVED:
        return 0  # the model never makes an item ambiguous: only the crowd's maximum does
    settlement.settle(session, item_id, campaign, decided, now)
    return 1
