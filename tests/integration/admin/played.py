"""A campaign that players have answered, with some items settled and paid, for stats and export tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from core.db.tables import Identity, Item, LedgerEntry
from core.errors import NoTasks
from core.game import book
from core.game.game import Game
from core.game.money import pools
from tests.integration.admin.conftest import ADMIN, text_campaign, write_text_pack
from tests.support import user

FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def rows() -> list[dict]:
    plain = [
        {"id": f"t{i}", "text": f"text {i}", "known_answer": ["human", "bot"][i % 2], "gold": i < 2} for i in range(6)
    ]
    tricky = [{"id": f"f{i}", "text": text, "known_answer": "bot"} for i, text in enumerate(FORMULAS)]
    return plain + tricky


async def play(game: Game, clock: FixedClock, player: int, choose: str | None) -> int:
    """The player answers every task they get: the known answer (by the text's number), or always `choose`."""
    answered = 0
    welcome = await game.start(user(player))
    prompt = welcome.prompt
    while prompt is not None:
        clock.advance(seconds=3)
        if choose is None:
            known = ["human", "bot"][int(prompt.text.split()[-1]) % 2] if prompt.text.startswith("text") else "bot"
        answer = choose or known
        prompt = (await game.answer(user(player), prompt.task_id, answer)).next_prompt
        answered += 1
        if prompt is None:
            try:
                prompt = await game.next_task(user(player))
            except NoTasks:
                prompt = None
    return answered


async def played_campaign(game: Game, clock: FixedClock, tmp_path: Path, name: str = "Bots 2026") -> int:
    # A target no three answers can reach keeps every item open for `settle` below to decide by hand.
    campaign = await text_campaign(game, name=name, max_overlap=5, target_confidence=0.999)
    await game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / name, rows()))
    await game.campaigns.start(ADMIN, campaign)
    for player, choose in ((1, None), (2, None), (3, "bot")):
        await play(game, clock, player, choose)
    await settle(game, campaign)
    return campaign


async def settle(game: Game, campaign: int) -> None:
    """What settlement would write: t2..t4 resolved (t4 wrongly), t5 ambiguous, t3's agreeing players paid."""

    async def work(session: AsyncSession) -> None:
        ids = dict((await session.execute(select(Item.external_id, Item.id).where(Item.campaign_id == campaign))).all())
        for ext, label in (("t2", "human"), ("t3", "bot"), ("t4", "bot")):
            await session.execute(
                update(Item).where(Item.id == ids[ext]).values(status="resolved", label=label, confidence=0.95)
            )
        await session.execute(update(Item).where(Item.id == ids["t5"]).values(status="ambiguous", confidence=0.5))
        now = game.deps.clock.now()
        accounts = (await session.scalars(select(Identity.account_id).order_by(Identity.account_id))).all()
        # The pool holds the item's reward, and each agreeing player's share moves out of it, as in settlement.
        await session.run_sync(
            lambda s: book.move(s, book.TREASURY, book.pool(campaign), 21, "fund", "t3", now, covered=False)
        )
        for account in accounts:
            await session.run_sync(lambda s, a=account: pools.pay_share(s, campaign, a, 7, ids["t3"], now))
            await session.execute(
                insert(LedgerEntry).values(
                    account_id=account,
                    amount=7,
                    reason="settlement",
                    ref=f"item:{ids['t3']}",
                    created_at=now,
                )
            )
        # A ledger entry of another reason for the same item is not spend.
        await session.execute(
            insert(LedgerEntry).values(
                account_id=accounts[0],
                amount=100,
                reason="check_in",
                ref=f"item:{ids['t3']}",
                created_at=now,
            )
        )

    await game.deps.db.transaction(work)
