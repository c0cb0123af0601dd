"""The scheduled refit: relearn every player's model per campaign from all counted answers.

Three steps, so no transaction stays open during the fit: read a snapshot (one transaction), fit and judge
(`refit_model.compute`, in a worker thread), write back (another transaction). Answers keep arriving meanwhile:
an open item's posterior is replaced only when its count of answers is still the one the fit saw
(compare-and-set on `Item.answers`); otherwise the online sum, which already holds the newer answer, is kept
and the next refit catches up. Settled items are final; a refit that disagrees records a `LabelChange`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, partial
from typing import Any

import numpy as np
from sqlalchemy import and_, bindparam, column, select, table, update
from sqlalchemy.orm import Session
from sqlmodel import col

from core.assist import worker as assist_worker
from core.consensus import Resolution, SpamThresholds, WorkerPrior, ask_value
from core.db.consensus_tables import CampaignWorker, LabelChange
from core.db.tables import Assignment, Campaign, Item
from core.db.uow import connection as session_connection
from core.db.upsert import upsert
from core.game import refit_corrections, settlement
from core.game.campaign_cache import ActiveCampaign
from core.game.deps import GameDeps
from core.game.refit_model import MODEL_ACCOUNT, RefitResult, Snapshot, compute
from core.settings import ConsensusSettings
from core.types import TaskKind

log = logging.getLogger(__name__)
WRITE_BATCH = 50  # open items per transaction of a refit's write: settling one costs ~1.5 ms on SQLite
EXCLUDED = table(
    "excluded", column("confusion"), column("weight"), column("suspended"), column("reason"), column("updated_at")
)


@dataclass(frozen=True, slots=True)
class RefitReport:
    """What one campaign's refit changed."""

    campaign_id: int
    answers: int
    workers: int
    suspended: int
    posteriors: int  # open items whose posterior was replaced
    stale: int  # open items skipped because an answer arrived during the fit
    settled: int  # open items the new models made certain, settled by the refit
    label_changes: int


async def refit(deps: GameDeps, campaign_id: int | None = None) -> list[RefitReport]:
    """Refit every active campaign (or one); campaigns nobody answered yet are skipped."""
    active = await deps.db.run(lambda session: dict(deps.campaigns.active(session)))
    wanted = [c for c in active.values() if campaign_id is None or c.id == campaign_id]
    reports = []
    for campaign in wanted:

        def snapshot(session: Session, c: ActiveCampaign = campaign) -> Snapshot | None:
            snap = read(session, c, deps.clock.now())
            if snap is None or not c.model_assist:
                return snap
            return assist_worker.with_model(session, snap, c.id, deps.settings.consensus.assist_min_probability)

        snap = await deps.db.run(snapshot, read_only=True)
        if snap is None:
            continue
        result = await asyncio.to_thread(compute, snap, *model_settings(deps.settings.consensus, campaign))
        report = await _write_in_batches(deps, campaign, snap, result)
        reports.append(report)
        log.info("refit %s", report)
    deps.campaigns.invalidate()  # suspensions take effect for serving in this process at once
    return reports


def model_settings(
    settings: ConsensusSettings, campaign: ActiveCampaign
) -> tuple[WorkerPrior, SpamThresholds, tuple[int, int, float], int, float]:
    prior = WorkerPrior(settings.prior_correct, settings.prior_wrong, settings.prior_strength)
    thresholds = SpamThresholds(
        min_seconds=settings.spam_min_seconds,
        max_fast_share=settings.spam_max_fast_share,
        max_constant_share=settings.spam_max_constant_share,
        constant_excess=settings.spam_constant_excess,
        chance_margin=settings.spam_chance_margin,
        max_gold_failure=settings.spam_max_gold_failure,
        min_answers=settings.spam_min_answers,
        min_gold=settings.spam_min_gold,
        evidence_z=settings.spam_evidence_z,
    )
    overlap = (campaign.min_overlap, campaign.max_overlap, campaign.target_confidence)
    return prior, thresholds, overlap, settings.calibration_min_gold, settings.max_daily_weight_loss


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


async def _write_in_batches(
    deps: GameDeps, campaign: ActiveCampaign, snap: Snapshot, result: RefitResult
) -> RefitReport:
    """`write` in transactions of WRITE_BATCH items, the worker models and label changes with the first.

    Each item's compare-and-set and settlement stand alone, so the batches need no common transaction; between
    them the event loop serves presses (on SQLite the write runs on the loop's thread: a whole campaign at once
    held it for tens of seconds).
    """
    items = list(result.posteriors)
    batches = [items[i : i + WRITE_BATCH] for i in range(0, len(items), WRITE_BATCH)] or [[]]
    report: RefitReport | None = None
    for n, batch in enumerate(batches):
        part = await deps.db.run(
            partial(write, deps=deps, campaign=campaign, snap=snap, result=result, items=batch, first=n == 0)
        )
        report = part if report is None else _add(report, part)
        await asyncio.sleep(0)  # on SQLite a write does not suspend by itself: let the loop serve in between
    assert report is not None
    return report


def _add(report: RefitReport, part: RefitReport) -> RefitReport:
    return replace(
        report,
        posteriors=report.posteriors + part.posteriors,
        stale=report.stale + part.stale,
        settled=report.settled + part.settled,
    )


def write(
    session: Session,
    deps: GameDeps,
    campaign: ActiveCampaign,
    snap: Snapshot,
    result: RefitResult,
    items: Sequence[int] | None = None,
    *,
    first: bool = True,
) -> RefitReport:
    """Worker models (and what suspensions correct), then posteriors (compare-and-set), settlements the new models
    allow, label changes (and what they correct in pending points).

    `items`: only these items' posteriors (default: all); `first`: also the worker models and label changes.
    """
    now = deps.clock.now()
    connection = session_connection(session)
    # Every batch settles with the calibration this fit found (the first batch also stores it on the campaign).
    campaign = replace(campaign, calibration=result.calibration)
    if not first:
        written, settled = _write_posteriors(session, campaign, result, items, now)
        return _report(campaign, snap, result, items, written, settled, 0)
    rows = [
        {
            "campaign_id": campaign.id,
            "account_id": w.account_id,
            "confusion": w.confusion,
            "weight": w.weight,
            "suspended": w.suspended,
            "reason": w.reason,
            "updated_at": now,
        }
        for w in result.workers
        if w.account_id != MODEL_ACCOUNT  # the model's row is kept with its weights, not as a player's
    ]
    # The worker models and the confidence map first: settlements and corrections below pay with the new weights.
    upsert(session, CampaignWorker, rows, ["campaign_id", "account_id"], {c.name: c for c in EXCLUDED.c})
    assist_worker.save_confusion(session, campaign.id, result, now)
    refit_corrections.suspensions(session, campaign, snap, result, now)
    calibration = result.calibration
    connection.execute(
        update(Campaign)
        .where(col(Campaign.id) == campaign.id)
        .values(
            calibration_slope=calibration.slope if calibration else None,
            calibration_intercept=calibration.intercept if calibration else None,
        )
    )
    written, settled = _write_posteriors(session, campaign, result, items, now)
    changes = refit_corrections.label_changes(session, campaign, snap, result, now)
    return _report(campaign, snap, result, items, written, settled, changes)


def _write_posteriors(
    session: Session, campaign: ActiveCampaign, result: RefitResult, items: Sequence[int] | None, now: datetime
) -> tuple[int, int]:
    connection = session_connection(session)
    written = settled = 0
    # A numeric campaign settles on the robust estimate of each item's answers (settlement._numeric), which the
    # categorical fit cannot second-guess: it neither settles nor relabels those items.
    numeric = campaign.kind is TaskKind.NUMERIC
    for item in result.posteriors if items is None else items:
        answers, log_posterior = result.posteriors[item]
        params = {
            "item": item,
            "seen": answers,
            "posterior": log_posterior,
            "value": ask_value(log_posterior, answers, campaign.min_overlap),
        }
        if connection.execute(_set_posterior(), params).rowcount == 0:
            continue  # answered (or settled) since the snapshot: the online sum is newer than this fit
        written += 1
        if item in result.decided and not numeric:
            state, label, confidence = result.decided[item]
            settled += bool(settlement.settle(session, item, campaign, Resolution(state, label, confidence), now))
    return written, settled


def _report(
    campaign: ActiveCampaign,
    snap: Snapshot,
    result: RefitResult,
    items: Sequence[int] | None,
    written: int,
    settled: int,
    label_changes: int,
) -> RefitReport:
    return RefitReport(
        campaign_id=campaign.id,
        answers=len(snap.items),
        workers=len(result.workers),
        suspended=sum(w.suspended for w in result.workers),
        posteriors=written,
        stale=(len(result.posteriors) if items is None else len(items)) - written,
        settled=settled,
        label_changes=label_changes,
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


@cache
def _set_posterior() -> Any:
    return (
        update(Item)
        .where(
            and_(col(Item.id) == bindparam("item"), col(Item.answers) == bindparam("seen"), col(Item.status) == "open")
        )
        .values(log_posterior=bindparam("posterior"), ask_value=bindparam("value"))
    )
