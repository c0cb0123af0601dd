"""Images of link packs (a CSV of image URLs), fetched ahead of serving by a scheduled job.

Fetching is a network call, so it happens between two transactions, never inside one: read the next links,
fetch and re-encode them on a worker thread, then store each image's path. A link that fails (timeout, too big,
not an image, a private address) withdraws its item with the reason logged; such items are never served.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core import paths
from core.content.limits import DEFAULT_LIMITS, UploadLimits
from core.content.pack import PackItem
from core.content.urls import Fetcher, FetchError, fetch_image, fetch_url
from core.db.campaign_tables import ItemLink
from core.db.tables import Item
from core.game.deps import GameDeps
from core.game.undeliverable import WITHDRAWN

log = logging.getLogger("chatlabel.links")
BATCH = 20
REASON_CHARS = 200


@dataclass(frozen=True, slots=True)
class LinkFetches:
    fetched: int
    withdrawn: int


@dataclass(frozen=True, slots=True)
class _Failed:
    reason: str


async def _fetch_one(item_id: int, url: str, cache: Path, limits: UploadLimits, fetch: Fetcher) -> str | _Failed:
    """The stored path of the item's image, or why the link failed (its item is then withdrawn)."""
    stub = PackItem(str(item_id), "", None, (), None, False, "link", url=url)
    try:
        fetched = await asyncio.to_thread(fetch_image, stub, cache, limits, fetch)
    except FetchError as exc:
        log.warning("link image of item %s withdrawn: %s", item_id, exc)
        return _Failed(f"link gave no image: {exc}")
    except Exception:
        # One link must never stop the others: whatever it raised, its item alone is withdrawn.
        log.exception("link image of item %s withdrawn: the fetch failed unexpectedly", item_id)
        return _Failed("link gave no image: the fetch failed unexpectedly")
    return paths.stored_path(fetched.image) if fetched.image else _Failed("link gave no image")


async def fetch_pending(
    deps: GameDeps, *, limit: int = BATCH, limits: UploadLimits = DEFAULT_LIMITS, fetch: Fetcher = fetch_url
) -> LinkFetches:
    """Fetch the images of up to `limit` open link items that have none yet."""

    async def pending(session: AsyncSession) -> list[tuple[int, str]]:
        rows = await session.execute(
            select(col(ItemLink.item_id), col(ItemLink.url))
            .join(Item, col(Item.id) == col(ItemLink.item_id))
            .where(col(Item.image).is_(None), col(Item.status) == "open")
            .order_by(col(ItemLink.item_id))
            .limit(limit)
        )
        return [(item_id, url) for item_id, url in rows]

    cache = Path(deps.settings.data_dir).resolve() / "images"
    budget_ends = time.monotonic() + limits.fetch_budget_s
    results: dict[int, str | _Failed] = {}
    for item_id, url in await deps.db.transaction(pending):
        if budget_ends - time.monotonic() < limits.fetch_timeout_s:
            break  # a full fetch would overrun this run's budget; the rest wait for the next run
        results[item_id] = await _fetch_one(item_id, url, cache, limits, fetch)

    async def store(session: AsyncSession) -> None:
        for item_id, image in results.items():
            values = (
                {"image": image}
                if isinstance(image, str)
                else {"status": WITHDRAWN, "withdrawn_reason": image.reason[:REASON_CHARS]}
            )
            await session.execute(
                update(Item).where(col(Item.id) == item_id, col(Item.image).is_(None)).values(**values)
            )

    if results:
        await deps.db.transaction(store)
    fetched = sum(1 for image in results.values() if isinstance(image, str))
    return LinkFetches(fetched=fetched, withdrawn=len(results) - fetched)
