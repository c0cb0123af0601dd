"""The export use case: authorise, then stream the campaign's items and answers into a file of the chosen format."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import secrets
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.tables import Campaign, Item
from core.errors import UnknownFormat
from core.game.admin import campaigns
from core.game.admin.authz import authorize
from core.game.admin.campaigns import CampaignRef
from core.game.deps import GameDeps
from core.game.export.source import ExportItem, Pseudonyms, chunks
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


class Writer(Protocol):
    def write(self, items: list[ExportItem]) -> None: ...
    def close(self) -> None: ...


def writer_for(fmt: ExportFormat, path: Path, meta: dict[str, Any]) -> Writer:
    # Imported here so pyarrow loads only for Parquet exports.
    if fmt is ExportFormat.PARQUET:
        from core.game.export.parquet import ParquetWriter

        return ParquetWriter(path, meta)
    from core.game.export.labelstudio import LabelStudioWriter
    from core.game.export.text_formats import CsvWriter, JsonlWriter

    if fmt is ExportFormat.LABEL_STUDIO:
        return LabelStudioWriter(path, meta)
    return CsvWriter(path, meta) if fmt is ExportFormat.CSV else JsonlWriter(path, meta)


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
    pseudonym = Pseudonyms(key)
    items = answers = 0
    writer = await asyncio.to_thread(writer_for, fmt, partial, meta)
    try:
        async for chunk in chunks(deps.db, campaign_id, pseudonym, with_answers=with_answers):
            # File work runs off the event loop, which the chat bots share.
            await asyncio.to_thread(writer.write, chunk)
            items += len(chunk)
            answers += sum(len(item.answers) for item in chunk)
            if progress is not None:
                progress(items, total)
        await asyncio.to_thread(writer.close)
        os.replace(partial, path)
    except BaseException:
        with contextlib.suppress(Exception):
            writer.close()
        partial.unlink(missing_ok=True)
        raise
    return ExportResult(campaign_id, meta["name"], fmt, path, items, answers, len(pseudonym), path.stat().st_size)


def _default_path(deps: GameDeps, name: str, fmt: ExportFormat, stamp: str) -> Path:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")[:60] or "campaign"
    return deps.settings.data_dir.resolve() / "exports" / f"{slug}-{stamp}{fmt.suffix}"
