"""Reading a campaign's results in chunks of items, each chunk in its own short read transaction.

One long transaction would hold SQLite's write lock (every transaction begins IMMEDIATE) for the whole export and
stall the game; keyset chunks keep memory and lock time bounded whatever the campaign's size.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from sqlalchemy import and_, select, true
from sqlalchemy.orm import Session
from sqlmodel import col

from core import paths
from core.content.public import shown_name
from core.db.campaign_tables import ItemLink
from core.db.consensus_tables import CampaignWorker
from core.db.results import id_column
from core.db.tables import Assignment, Item
from core.db.uow import Database

CHUNK_ITEMS = 2000


@dataclass(frozen=True, slots=True)
class ExportAnswer:
    worker: str
    choice: str
    answered_at: datetime
    counted: bool
    # The annotator's weight in the consensus when exported: the refit's spam weight (0 when suspended or the
    # answer did not count); None before any refit has judged them.
    weight: float | None = None


@dataclass(frozen=True, slots=True)
class ExportItem:
    item_id: int
    external_id: str
    text: str
    image: str | None
    answers_shown: tuple[str, ...]
    status: str
    label: str | None
    confidence: float | None
    n_answers: int
    known_answer: str | None
    gold: bool
    answers: tuple[ExportAnswer, ...]
    # A comparison's systems (who wrote answer A and answer B); None when the item names none.
    system_a: str | None = None
    system_b: str | None = None


class Pseudonyms:
    """Worker ids keyed by the campaign's export key: the same in every export of the campaign, unlinkable
    across campaigns and to accounts (the key never leaves the database)."""

    def __init__(self, key: bytes | None = None) -> None:
        # The keyed state is made once and copied per worker: the same digests, without keying each one afresh.
        self._keyed = hashlib.blake2b(key=key if key is not None else secrets.token_bytes(16), digest_size=6)
        self._known: dict[int, str] = {}

    def __call__(self, account_id: int) -> str:
        name = self._known.get(account_id)
        if name is None:
            digest = self._keyed.copy()
            digest.update(account_id.to_bytes(8, "big"))
            name = self._known[account_id] = "w" + digest.hexdigest()
        return name

    def __len__(self) -> int:
        return len(self._known)


async def chunks(
    db: Database, campaign_id: int, pseudonym: Pseudonyms, *, with_answers: bool = True, size: int = CHUNK_ITEMS
) -> AsyncIterator[list[ExportItem]]:
    after = 0
    while True:
        # A long read: on SQLite it runs off the event loop's thread and holds no write lock (see Database.run).
        chunk = await db.run(
            partial(
                chunk_of,
                campaign_id=campaign_id,
                after=after,
                size=size,
                pseudonym=pseudonym,
                with_answers=with_answers,
            ),
            read_only=True,
        )
        if not chunk:
            return
        yield chunk
        after = chunk[-1].item_id


def chunk_of(
    session: Session,
    campaign_id: int,
    after: int,
    size: int,
    pseudonym: Pseudonyms,
    with_answers: bool,
    statuses: tuple[str, ...] = (),
) -> list[ExportItem]:
    """Up to `size` items after item id `after` (of these `statuses`; none given: all), with their answers."""
    status_filter = col(Item.status).in_(statuses) if statuses else true()
    rows = (
        session.execute(
            select(
                id_column(Item.id),
                col(Item.external_id),
                col(Item.text),
                col(Item.image),
                col(ItemLink.url),
                col(Item.answers_shown),
                col(Item.system_a),
                col(Item.system_b),
                col(Item.status),
                col(Item.label),
                col(Item.confidence),
                col(Item.answers),
                col(Item.known_answer),
                col(Item.gold),
            )
            .outerjoin(ItemLink, col(ItemLink.item_id) == col(Item.id))
            .where(col(Item.campaign_id) == campaign_id, col(Item.id) > after, status_filter)
            .order_by(col(Item.id))
            .limit(size)
        )
    ).all()
    if not rows:
        return []
    answers: dict[int, list[ExportAnswer]] = {}
    if with_answers:
        found = session.execute(
            select(
                col(Assignment.item_id),
                col(Assignment.account_id),
                col(Assignment.choice),
                col(Assignment.answered_at),
                col(Assignment.counted),
                col(CampaignWorker.weight),
                col(CampaignWorker.suspended),
            )
            .outerjoin(
                CampaignWorker,
                and_(
                    col(CampaignWorker.campaign_id) == campaign_id,
                    col(CampaignWorker.account_id) == col(Assignment.account_id),
                ),
            )
            .where(col(Assignment.item_id).in_([row[0] for row in rows]), col(Assignment.answered_at).is_not(None))
            .order_by(col(Assignment.item_id), col(Assignment.answered_at), col(Assignment.id))
        )
        for item_id, account_id, choice, answered_at, counted, weight, suspended in found:
            assert choice is not None and answered_at is not None  # an answer is recorded with its choice
            judged = None if weight is None else (0.0 if suspended or not counted else float(weight))
            answer = ExportAnswer(pseudonym(account_id), choice, answered_at, counted, judged)
            answers.setdefault(item_id, []).append(answer)
    return [
        ExportItem(
            item_id=item_id,
            external_id=external_id,
            text=text,
            image=url or (shown_name(image.removeprefix(paths.ASSET_PREFIX)) if image else None),
            answers_shown=tuple(shown or ()),
            system_a=system_a,
            system_b=system_b,
            status=status,
            label=label,
            confidence=confidence,
            n_answers=n_answers,
            known_answer=known,
            gold=bool(gold),
            answers=tuple(answers.get(item_id, ())),
        )
        for (
            item_id,
            external_id,
            text,
            image,
            url,
            shown,
            system_a,
            system_b,
            status,
            label,
            confidence,
            n_answers,
            known,
            gold,
        ) in rows
    ]
