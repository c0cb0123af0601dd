"""Turning task packs into campaigns and items; the default packs become the ladder's first campaigns."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core import paths
from core.content.pack import Pack, PackItem
from core.db.results import id_column
from core.db.tables import Campaign, Item
from core.game.deps import GameDeps
from core.settings import Level

CHUNK = 500


def level_for(ladder: Sequence[Level], pack: Pack) -> int | None:
    """The first public rung that serves the pack's task kind."""
    return next(
        (i for i, rung in enumerate(ladder) if pack.manifest.kind in rung.kinds and not rung.community_only),
        None,
    )


async def add_pack(
    session: AsyncSession,
    deps: GameDeps,
    pack: Pack,
    *,
    level: int,
    name: str | None = None,
    community_id: int | None = None,
    status: str = "active",
) -> int:
    """Create a campaign holding the pack's items; returns the campaign id."""
    manifest = pack.manifest
    inserted = await session.execute(
        insert(Campaign)
        .values(
            name=name or manifest.name,
            kind=manifest.kind.value,
            question=manifest.question,
            choices=[[c.key, c.label] for c in manifest.choices],
            level=level,
            community_id=community_id,
            status=status,
            gold_feedback=True,
            min_overlap=deps.settings.tasks.default_min_overlap,
            max_overlap=deps.settings.tasks.default_max_overlap,
            points_per_item=deps.settings.points.per_resolved_item,
            created_at=deps.clock.now(),
        )
        .returning(id_column(Campaign.id))
    )
    campaign_id = inserted.scalar_one()
    rows = [item_row(campaign_id, item) for item in pack.items]
    for start in range(0, len(rows), CHUNK):
        await session.execute(insert(Item), rows[start : start + CHUNK])
    return campaign_id


async def seed_defaults(deps: GameDeps, packs: Sequence[Pack]) -> list[str]:
    """Add a campaign for every default pack not yet present; safe to run on every start."""

    async def work(session: AsyncSession) -> list[str]:
        existing = set((await session.scalars(select(col(Campaign.name)))).all())
        added = []
        for pack in packs:
            level = level_for(deps.ladder, pack)
            if pack.manifest.name in existing or level is None:
                continue
            await add_pack(session, deps, pack, level=level)
            added.append(pack.manifest.name)
        return added

    return await deps.db.transaction(work)


def item_row(campaign_id: int, item: PackItem) -> dict[str, object]:
    """A pack item as an `Item` row of a campaign, not yet answered."""
    return {
        "campaign_id": campaign_id,
        "external_id": item.external_id,
        "text": item.text,
        "image": paths.stored_path(item.image) if item.image else None,
        "answers_shown": list(item.answers),
        "system_a": item.systems[0] if item.systems else None,
        "system_b": item.systems[1] if item.systems else None,
        "known_answer": item.known_answer,
        "gold": item.gold,
        "answers": 0,
        "status": "open",
    }
