"""The export use case: authorise, then stream the campaign's items and answers into a file of the chosen format."""

from __future__ import annotations

import asyncio
import os
import re
import secrets
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.engine import sqlite_file_url
from core.db.results import stored_id
from core.db.tables import Campaign, Item
from core.errors import UnknownFormat
from core.game.admin import campaigns
from core.game.admin.authz import authorize
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.game.export.file import Tally, write_sqlite_export, writer_for
from core.game.export.source import Pseudonyms, chunks
from core.offload import run_in_process
from core.sentences import N_
from core.types import ExportFormat, ExportResult, UserRef, WorkProgress


async def _export_key(session: AsyncSession, campaign_id: int) -> bytes:
    """The campaign's pseudonym key, made once; of two first exports at the same time one key wins for both."""
    fresh = secrets.token_hex(16)
    await session.execute(
        update(Campaign)
        .where(col(Campaign.id) == campaign_id, col(Campaign.export_key).is_(None))
        .values(export_key=fresh)
    )
    stored = await session.scalar(select(col(Campaign.export_key)).where(col(Campaign.id) == campaign_id))
    return bytes.fromhex(stored or fresh)


async def export(
    deps: GameDeps,
    user: UserRef,
    ref: CampaignRef,
    fmt: ExportFormat | str,
    *,
    dest: Path | None = None,
    with_answers: bool = True,
    progress: WorkProgress | None = None,
) -> ExportResult:
    """Write the campaign's results; `progress(items_done, items_total)` after each chunk (outside transactions)."""
    try:
        fmt = ExportFormat(fmt)
    except ValueError:
        raise UnknownFormat(fmt, [f.value for f in ExportFormat]) from None

    async def allowed(session: AsyncSession) -> tuple[int, dict[str, Any], int, bytes]:
        campaign = await campaigns.find(session, ref)
        await authorize(session, deps, user, campaign.community_id, N_("export campaigns"), campaign.id)
        total = await session.scalar(select(func.count()).where(col(Item.campaign_id) == campaign.id))
        meta = {"name": campaign.name, "kind": campaign.kind, "question": campaign.question}
        return stored_id(campaign), meta, int(total or 0), await _export_key(session, stored_id(campaign))

    campaign_id, meta, total, key = await deps.db.transaction(allowed)
    path = Path(dest) if dest else _default_path(deps, meta["name"], fmt, deps.clock.now().strftime("%Y%m%dT%H%M%S"))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        tally = await _write(deps, campaign_id, key, fmt, meta, partial, with_answers, progress, total)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)  # failed or cancelled: no partial file is left behind
        raise
    return ExportResult(
        campaign_id, meta["name"], fmt, path, tally.items, tally.answers, tally.workers, path.stat().st_size
    )


async def _write(
    deps: GameDeps,
    campaign_id: int,
    key: bytes,
    fmt: ExportFormat,
    meta: dict[str, Any],
    path: Path,
    with_answers: bool,
    progress: WorkProgress | None,
    total: int,
) -> Tally:
    """The file at `path`. On a SQLite file, wholly in a worker process: the chat bots share this process's event
    loop, and reading and formatting a big campaign here, even on threads, stalls their presses."""
    url = sqlite_file_url(deps.db.engine)
    if url is not None:

        def report(done: int) -> None:
            if progress is not None:
                progress(done, total)

        args = (url, campaign_id, key, fmt, meta, path, with_answers)
        return await run_in_process(write_sqlite_export, *args, progress=report)
    pseudonym, tally = Pseudonyms(key), Tally()
    writer = await asyncio.to_thread(writer_for, fmt, path, meta)
    try:
        async for chunk in chunks(deps.db, campaign_id, pseudonym, with_answers=with_answers):
            await asyncio.to_thread(writer.write, chunk)  # file work off the event loop, which the bots share
            tally.add(chunk)
            if progress is not None:
                progress(tally.items, total)
    finally:
        await asyncio.to_thread(writer.close)
    tally.workers = len(pseudonym)
    return tally


def _default_path(deps: GameDeps, name: str, fmt: ExportFormat, stamp: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60] or "campaign"
    return deps.settings.data_dir.resolve() / "exports" / f"{slug}-{stamp}{fmt.suffix}"
