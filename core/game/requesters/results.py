"""A job's items and settled results, a page at a time (keyset by item id: pages stay cheap however deep)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from core.game.deps import GameDeps
from core.game.export.source import ExportItem, Pseudonyms, chunk_of
from core.game.requesters.jobs import owned
from core.types.requesters import RequesterInfo

SETTLED = ("resolved", "ambiguous")


@dataclass(frozen=True, slots=True)
class ResultsPage:
    items: tuple[ExportItem, ...]
    next_after: int | None  # pass as `after` for the next page; None: this was the last one

    @staticmethod
    def counts(item: ExportItem) -> dict[str, int]:
        """Counted answers per label (answers set aside as spam or from gold-failing players are not counted)."""
        return dict(Counter(answer.choice for answer in item.answers if answer.counted).most_common())


async def page(
    deps: GameDeps, requester: RequesterInfo, job_id: int, *, after: int, limit: int, settled_only: bool
) -> ResultsPage:
    """Worker names are pseudonyms that hold within one page and cannot be linked across pages or exports."""
    size = max(1, min(limit, deps.settings.requesters.max_page_size))

    async def work(session: AsyncSession) -> ResultsPage:
        await owned(session, requester, job_id)
        statuses = SETTLED if settled_only else ()
        found = await session.run_sync(
            lambda s: chunk_of(s, job_id, after, size + 1, Pseudonyms(), settled_only, statuses)
        )
        more = len(found) > size
        shown = tuple(found[:size])
        return ResultsPage(shown, shown[-1].item_id if more and shown else None)

    return await deps.db.transaction(work)
