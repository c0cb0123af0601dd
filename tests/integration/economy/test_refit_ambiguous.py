"""A refit decides an item the crowd left ambiguous: the item becomes resolved on the refit's label, the change is
recorded, and the answers that agree are paid their shares from the pool, every point accounted for. On SQLite
and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.clock import FixedClock
from core.db.consensus_tables import LabelChange, Receipt
from core.db.tables import Assignment, Campaign, Item
from core.game import book, refit, refit_read
from core.game.campaign_cache import info
from core.game.game import Game
from core.game.refit_model import RefitResult
from tests.integration.economy.harness import reputation, started_bot_campaign
from tests.support import user

ITEMS = 20
P1, P3 = user(1), user(3)


async def split_campaign(game: Game, clock: FixedClock, tmp_path: Path) -> tuple[int, int]:
    """Twenty items at 10 points, two answers each: P3 says "human" on the first item and "bot" on the rest, P1 says
    "bot" everywhere. The first item reaches its maximum split one to one and is left ambiguous; returns (campaign,
    that item)."""
    campaign_id = await started_bot_campaign(game, tmp_path, ITEMS, max_overlap=2, target_confidence=0.99, pool="3")
    split: int | None = None
    for who in (P3, P1):
        prompt = (await game.start(who)).prompt
        while prompt is not None:
            clock.advance(seconds=3)
            if who == P3 and split is None:
                split = prompt.task_id
            choice = "human" if who == P3 and prompt.task_id == split else "bot"
            prompt = (await game.answer(who, prompt.task_id, choice)).next_prompt
    query = select(Assignment.item_id).where(Assignment.id == split)
    return campaign_id, int(await game.deps.db.run(lambda s: s.execute(query).scalar_one()))


async def decide(game: Game, campaign_id: int, item_id: int, label: str) -> None:
    """What a refit writes (`refit.write`) when its fit decides the ambiguous item."""

    def work(session: Session) -> None:
        campaign = info(session.execute(select(Campaign).where(Campaign.id == campaign_id)).scalar_one())
        snap = refit_read.read(session, campaign, game.deps.clock.now())
        assert snap is not None and snap.settled[item_id] is None
        refit.write(
            session, game.deps, campaign, snap, RefitResult([], {}, {}, {item_id: (campaign.index(label), 0.99)})
        )

    await game.deps.db.run(work)


async def item_row(game: Game, item_id: int) -> tuple[str, str | None, float | None]:
    query = select(Item.status, Item.label, Item.confidence).where(Item.id == item_id)
    row = await game.deps.db.run(lambda s: s.execute(query).one())
    return row[0], row[1], row[2]


async def test_a_refit_decides_an_ambiguous_item_and_pays_its_agreeing_answers_from_the_pool(
    game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign, item = await split_campaign(game, clock, tmp_path)
    assert (await item_row(game, item))[:2] == ("ambiguous", None)
    pool = await game.deps.db.run(lambda s: book.balance(s, book.pool(campaign)))
    before = await game.economy.balances(P3)
    standing = {who: await reputation(game, who) for who in (P1, P3)}

    await decide(game, campaign, item, "human")

    assert await item_row(game, item) == ("resolved", "human", 0.99)
    changes = await game.deps.db.run(lambda s: s.execute(select(LabelChange).where(LabelChange.item_id == item)).all())
    assert [(c[0].old_label, c[0].new_label) for c in changes] == [(None, "human")]
    after = await game.economy.balances(P3)
    paid = after.pending - before.pending
    assert paid == 10 and after.earned - before.earned == 10  # P3 alone agreed: the item's whole reward
    assert await game.deps.db.run(lambda s: book.balance(s, book.pool(campaign))) == pool - paid
    receipts = await game.deps.db.run(
        lambda s: s.execute(select(Receipt.agreed, Receipt.label).where(Receipt.item_id == item)).all()
    )
    assert sorted(tuple(r) for r in receipts) == [(False, "human"), (True, "human")]
    # Reputation follows: P3's answer now agrees with the item's label (settled already counted it), P1's never did.
    score, settled, agreed = standing[P3]
    assert await reputation(game, P3) == (score + 1, settled, agreed + 1)
    assert await reputation(game, P1) == standing[P1]
    assert (await game.economy.audit()).ok

    # A later refit reads it as any resolved item, on its new label, so it is not decided a second time.
    def snap_label(session: Session) -> str | None:
        found = info(session.execute(select(Campaign).where(Campaign.id == campaign)).scalar_one())
        snap = refit_read.read(session, found, game.deps.clock.now())
        assert snap is not None
        return snap.settled[item]

    assert await game.deps.db.run(snap_label) == "human"
