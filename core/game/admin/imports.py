"""Importing a task pack into a campaign: all of it or nothing, files and rows alike."""

from __future__ import annotations

import asyncio
import secrets
import shutil
from collections import Counter
from pathlib import Path

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.content import load_class_folders, load_pack, load_url_csv, load_zip
from core.content.items_file import load_items_file
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.pack import ChoiceSpec, ImportReport, PackItem, PackManifest
from core.content.public import public_rejections, server_roots
from core.db.campaign_tables import ItemLink
from core.db.results import stored_id
from core.db.tables import Campaign, Item
from core.errors import PackRejected, WrongStatus
from core.game.admin import campaigns
from core.game.admin.authz import actor, authorize
from core.game.admin.campaigns import CampaignRef
from core.game.admin.manage import invalidate
from core.game.catalogue import item_row
from core.game.deps import GameDeps
from core.sentences import N_
from core.types import CampaignInfo, CampaignStatus, ImportResult, PackForm, Rejection, TaskKind, UserRef, WorkProgress

CHUNK = 500


async def import_pack(
    deps: GameDeps,
    user: UserRef,
    ref: CampaignRef,
    source: Path,
    *,
    form: PackForm = "folder",
    gold_share: float | None = None,
    limits: UploadLimits = DEFAULT_LIMITS,
    progress: WorkProgress | None = None,
) -> ImportResult:
    """Load `source` (checked as hostile), then add its items to the campaign in one transaction.

    `progress(done, total)` is called after each chunk of rows, inside the transaction: keep it quick and
    schedule any chat message it triggers rather than sending it there. PackRejected when nothing usable.
    """
    campaign = await deps.db.transaction(lambda session: allowed(session, deps, user, ref))
    share = gold_share if gold_share is not None else _default_share(deps, campaign)
    out_dir = deps.settings.data_dir.resolve() / "packs" / f"campaign-{campaign.campaign_id}" / secrets.token_hex(6)
    roots = server_roots(deps.settings.data_dir, Path(source).parent)
    try:
        report = await asyncio.to_thread(_load, form, Path(source), out_dir, _manifest(campaign), share, limits)
        rejected = public_rejections(report.rejected, roots)
        if not report.ok or report.pack is None:
            raise PackRejected(rejected)
        items = report.pack.items
        if report.pack.manifest.kind is not campaign.kind:
            reason = f"the pack's kind is {report.pack.manifest.kind.value}, the campaign's {campaign.kind.value}"
            raise PackRejected((*rejected, Rejection("manifest", reason)))

        async def work(session: AsyncSession) -> ImportResult:
            return await _insert(session, deps, user, ref, items, rejected, progress)

        result = await deps.db.transaction(work)
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    invalidate(deps)
    return result


async def allowed(session: AsyncSession, deps: GameDeps, user: UserRef, ref: CampaignRef) -> CampaignInfo:
    """Checked before the upload is even opened, and again when the rows go in."""
    campaign = await campaigns.find(session, ref)
    await authorize(session, deps, user, campaign.community_id, N_("import packs"), campaign.id)
    if campaign.status == CampaignStatus.CLOSED:
        raise WrongStatus(campaign.name, campaign.status, "given new items")
    return await campaigns.info(session, campaign)


def _default_share(deps: GameDeps, campaign: CampaignInfo) -> float:
    return campaign.gold_rate if campaign.gold_rate is not None else deps.settings.tasks.gold_rate


def _manifest(campaign: CampaignInfo) -> PackManifest:
    """Class folders and link lists carry no manifest: the campaign's own terms describe them."""
    return PackManifest(
        name=campaign.name,
        version="1",
        kind=campaign.kind,
        question=campaign.question,
        choices=tuple(ChoiceSpec(c.key, c.label) for c in campaign.choices),
        licence="as agreed with the campaign's owner",
        attribution=campaign.created_by or "campaign owner",
    )


def _load(
    form: PackForm, source: Path, out_dir: Path, manifest: PackManifest, share: float, limits: UploadLimits
) -> ImportReport:
    if form == "folder":
        return load_pack(source, limits=limits, out_dir=out_dir)
    if form == "zip":
        return load_zip(source, out_dir, limits, manifest=manifest, gold_share=share)
    if form == "class_folders":
        return load_class_folders(source, manifest, limits, out_dir=out_dir, gold_share=share)
    if form == "url_csv":
        return load_url_csv(source, manifest, limits)
    if form in ("items_file", "gold_file"):
        return load_items_file(source, manifest, limits, out_dir=out_dir, all_gold=form == "gold_file")
    raise ValueError(f"unknown import form {form!r}")


async def _insert(
    session: AsyncSession,
    deps: GameDeps,
    user: UserRef,
    ref: CampaignRef,
    items: tuple[PackItem, ...],
    earlier: tuple[Rejection, ...],
    progress: WorkProgress | None,
) -> ImportResult:
    campaign = await campaigns.find(session, ref, lock=True)
    await allowed(session, deps, user, stored_id(campaign))
    kept, refused = await _fitting(session, campaign, items)
    rejected = (*earlier, *refused)
    if not kept:
        raise PackRejected((*rejected, Rejection("pack", "no item fits the campaign")))
    campaign_id = stored_id(campaign)
    for start in range(0, len(kept), CHUNK):
        chunk = kept[start : start + CHUNK]
        await session.execute(insert(Item), [item_row(campaign_id, item) for item in chunk])
        await _links(session, campaign_id, chunk)
        if progress is not None:
            progress(start + len(chunk), len(kept))
    labels = Counter(item.known_answer or "" for item in kept)
    gold = sum(1 for item in kept if item.gold)
    links = sum(1 for item in kept if item.url)
    await campaigns.record(
        session, campaign_id, actor(user), "import", deps.clock.now(), items=len(kept), rejected=len(rejected)
    )
    return ImportResult(campaign_id, campaign.name, len(kept), gold, dict(labels.most_common()), rejected, links)


async def _fitting(
    session: AsyncSession, campaign: Campaign, items: tuple[PackItem, ...]
) -> tuple[list[PackItem], list[Rejection]]:
    """Items whose ids are new to the campaign and whose known answers are among its choices."""
    existing = set(
        (await session.scalars(select(col(Item.external_id)).where(col(Item.campaign_id) == campaign.id))).all()
    )
    keys = {key for key, _ in campaign.choices}
    numeric = campaign.kind == TaskKind.NUMERIC.value
    kept, rejected = [], []
    for item in items:
        if item.external_id in existing:
            rejected.append(Rejection(item.external_id, f"id {item.external_id!r} is already in the campaign"))
        elif item.known_answer is not None and not numeric and item.known_answer not in keys:
            reason = f"known answer {item.known_answer!r} is not one of the campaign's choices"
            rejected.append(Rejection(item.external_id, reason))
        else:
            kept.append(item)
    return kept, rejected


async def _links(session: AsyncSession, campaign_id: int, chunk: list[PackItem]) -> None:
    urls = {item.external_id: item.url for item in chunk if item.url}
    if not urls:
        return
    rows = await session.execute(
        select(col(Item.id), col(Item.external_id)).where(
            col(Item.campaign_id) == campaign_id, col(Item.external_id).in_(list(urls))
        )
    )
    await session.execute(insert(ItemLink), [{"item_id": item_id, "url": urls[ext]} for item_id, ext in rows])
