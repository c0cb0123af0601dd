"""The scheduled refit: relearn every player's model per campaign from all counted answers.

Three steps, so no transaction stays open during the fit: read a snapshot (one transaction), fit and judge
(`refit_model.compute`; both in a worker process on SQLite, see refit_read), write back (short transactions).
Answers keep arriving meanwhile: an open item's posterior is replaced only when its count of answers is still
the one the fit saw (compare-and-set on `Item.answers`); otherwise the online sum, which already holds the
newer answer, is kept and the next refit catches up. Settled items are final; a refit that disagrees records a
`LabelChange`, and one whose models make an ambiguous item reach the target decides it (refit_corrections).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import cache, partial
from typing import Any

from sqlalchemy import and_, bindparam, column, table, update
from sqlalchemy.orm import Session
from sqlmodel import col

from core.assist import worker as assist_worker
from core.consensus import Resolution, SpamThresholds, WorkerPrior, ask_value
from core.db.consensus_tables import CampaignWorker
from core.db.engine import sqlite_file_url
from core.db.tables import Campaign, Item
from core.db.uow import connection as session_connection
from core.db.upsert import upsert
from core.game import refit_corrections, settlement
from core.game.campaign_cache import ActiveCampaign
from core.game.deps import GameDeps
from core.game.refit_model import MODEL_ACCOUNT, RefitResult, Snapshot, WorkerRow, compute
from core.game.refit_read import fit_sqlite, snapshot
from core.offload import run_in_process
from core.settings import ConsensusSettings
from core.types import TaskKind

log = logging.getLogger(__name__)
# A refit's write-back runs on the event loop's thread on SQLite, in transactions sized to hold it about
# BATCH_SECONDS each (settling an item costs 1.5 to 5 ms there, with the machine's load): the first few items,
# then as many as the last batch's pace fits, at most WRITE_BATCH.
BATCH_SECONDS = 0.015
FIRST_BATCH, WRITE_BATCH = 4, 500
MODELS_BATCH = 500  # worker models per transaction: upserting 10,000 at once held the loop for 0.2-0.6 s
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
        fitted = await _fit(deps, campaign)
        if fitted is None:
            continue
        report = await _write_in_batches(deps, campaign, *fitted)
        reports.append(report)
        log.info("refit %s", report)
    deps.campaigns.invalidate()  # suspensions take effect for serving in this process at once
    return reports


async def _fit(deps: GameDeps, campaign: ActiveCampaign) -> tuple[Snapshot, RefitResult] | None:
    """The snapshot and its fit: in a worker process on a SQLite file (see refit_read), else read on the
    database's long-read path and fitted on a thread."""
    now, settings = deps.clock.now(), model_settings(deps.settings.consensus, campaign)
    min_probability = deps.settings.consensus.assist_min_probability
    url = sqlite_file_url(deps.db.engine)
    if url is not None:
        return await run_in_process(fit_sqlite, url, campaign, now, min_probability, settings)
    snap = await deps.db.run(
        partial(snapshot, campaign=campaign, now=now, min_probability=min_probability), read_only=True
    )
    if snap is None:
        return None
    return snap, await asyncio.to_thread(compute, snap, *settings)


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


async def _write_in_batches(
    deps: GameDeps, campaign: ActiveCampaign, snap: Snapshot, result: RefitResult
) -> RefitReport:
    """`write`: the worker models (MODELS_BATCH a transaction), then what suspensions correct and the label
    changes, then the items' posteriors and settlements in batches sized by their pace (see BATCH_SECONDS).

    Each item's compare-and-set and settlement stand alone, so the batches need no common transaction; between
    them the event loop serves presses (on SQLite the write runs on the loop's thread: a whole campaign at once
    held it for tens of seconds, batches of 50 items for 100 to 300 ms).
    """
    for done in range(0, len(result.workers), MODELS_BATCH):
        rows = result.workers[done : done + MODELS_BATCH]
        await deps.db.run(partial(write_models, campaign_id=campaign.id, workers=rows, now=deps.clock.now()))
        await asyncio.sleep(0)
    report = await deps.db.run(
        partial(write, deps=deps, campaign=campaign, snap=snap, result=result, items=[], workers=[])
    )
    items, done, size = list(result.posteriors), 0, FIRST_BATCH
    while done < len(items):
        await asyncio.sleep(0)  # on SQLite a write does not suspend by itself: let the loop serve in between
        batch = items[done : done + size]
        began = time.perf_counter()
        part = await deps.db.run(
            partial(write, deps=deps, campaign=campaign, snap=snap, result=result, items=batch, first=False)
        )
        pace = (time.perf_counter() - began) / len(batch)
        size = max(1, min(WRITE_BATCH, int(BATCH_SECONDS / max(pace, 1e-6))))
        report, done = _add(report, part), done + len(batch)
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
    workers: Sequence[WorkerRow] | None = None,
) -> RefitReport:
    """Worker models (and what suspensions correct), then posteriors (compare-and-set), settlements the new models
    allow, label changes (and what they correct in pending points).

    `items`: only these items' posteriors (default: all); `first`: also the worker models (`workers`, default
    all) and label changes.
    """
    now = deps.clock.now()
    connection = session_connection(session)
    # Every batch settles with the calibration this fit found (the first batch also stores it on the campaign).
    campaign = replace(campaign, calibration=result.calibration)
    if not first:
        written, settled = _write_posteriors(session, campaign, result, items, now)
        return _report(campaign, snap, result, items, written, settled, 0)
    # The worker models and the confidence map first: settlements and corrections below pay with the new weights.
    write_models(session, campaign.id, result.workers if workers is None else workers, now)
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


def write_models(session: Session, campaign_id: int, workers: Sequence[WorkerRow], now: datetime) -> None:
    rows = [
        {
            "campaign_id": campaign_id,
            "account_id": w.account_id,
            "confusion": w.confusion,
            "weight": w.weight,
            "suspended": w.suspended,
            "reason": w.reason,
            "updated_at": now,
        }
        for w in workers
        if w.account_id != MODEL_ACCOUNT  # the model's row is kept with its weights, not as a player's
    ]
    upsert(session, CampaignWorker, rows, ["campaign_id", "account_id"], {c.name: c for c in EXCLUDED.c})


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
def _set_posterior() -> Any:
    return (
        update(Item)
        .where(
            and_(col(Item.id) == bindparam("item"), col(Item.answers) == bindparam("seen"), col(Item.status) == "open")
        )
        .values(log_posterior=bindparam("posterior"), ask_value=bindparam("value"))
    )
