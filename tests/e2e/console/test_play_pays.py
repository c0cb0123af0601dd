"""Terminal play on the embedded defaults pays: the embedded chain's test treasury funds the engagement reserve
and the shipped campaigns at first start (once, whatever the restarts), so a check-in and agreeing answers earn
real points; on a configured chain nothing is funded."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from app import fund_embedded_defaults, open_game
from bot.console.play import ConsoleGame
from core.clock import FixedClock
from core.content import load_default_packs
from core.db.book_tables import BookEntry
from core.game.game import Game
from core.types import UserRef
from tests.support import make_settings

PLAYERS = 4
SEED = 1


def truth_by_text() -> dict[str, str]:
    """The shipped packs' known answers by the text shown (what a well-informed player answers)."""
    return {item.text: item.known_answer for pack in load_default_packs() for item in pack.items if item.text}


async def answer_truthfully(console: ConsoleGame, truth: dict[str, str], answers: int) -> None:
    """Type the number of the right choice, as a player at the terminal does."""
    for _ in range(answers):
        prompt = console.prompt
        if prompt is None or prompt.text not in truth:
            return
        keys = [choice.key for choice in prompt.choices]
        await console.handle(str(keys.index(truth[prompt.text]) + 1))
        console.game.deps.clock.advance(seconds=5)  # type: ignore[attr-defined]


async def funding_entries(game: Game) -> list[tuple[str, str, int]]:
    query = select(BookEntry.debit, BookEntry.credit, BookEntry.amount).where(BookEntry.reason == "fund")
    return sorted((await game.deps.db.transaction(lambda s: s.execute(query))).all())


async def test_a_new_player_at_the_terminal_earns_real_points(tmp_path: Path, clock: FixedClock) -> None:
    settings = make_settings(tmp_path / "var", f"sqlite+aiosqlite:///{tmp_path / 'play.db'}")
    truth = truth_by_text()
    async with open_game(settings, clock=clock) as game:
        game.deps.rng.seed(SEED)  # serving draws among equally useful items: the same plays on every run
        funded = await fund_embedded_defaults(game, settings)
        assert funded is not None and funded.campaigns >= 1 and funded.pools > 0
        assert funded.engagement == 365 * settings.rewards.engagement_points_per_day
        audit = await game.economy.audit()
        assert audit.ok and audit.pools == funded.pools and audit.engagement == funded.engagement
        first = await funding_entries(game)

        consoles = []
        for n in range(PLAYERS):
            out = io.StringIO()
            console = ConsoleGame(game, UserRef("console", f"p{n}", f"P{n}"), out=out)
            console.show((await game.start(console.user)).prompt)
            consoles.append((console, out))
        ann, said = consoles[0]
        await ann.handle("c")
        assert "Checked in! Streak: 1 day. +5 points." in said.getvalue()
        for _ in range(10):  # rounds: everyone answers a few, so items reach their overlap and settle
            for console, _ in consoles:
                await answer_truthfully(console, truth, 5)
        earnings = await game.earnings(ann.user, limit=50)
        paid = [task for task in earnings.tasks if task.points > 0]
        assert paid and all(task.status == "pending" for task in paid)
        # Pending (not yet claimable): the check-in, the settled shares, and what answers earn from the reserve.
        assert earnings.balances.pending == earnings.balances.earned >= 5 + sum(task.points for task in paid)
        await ann.handle("e")
        assert f"pending: {earnings.balances.pending}" in said.getvalue()
        assert (await game.economy.audit()).ok

    # A restart: a fresh embedded chain, the same database. Nothing is funded twice.
    async with open_game(settings, clock=clock) as game:
        again = await fund_embedded_defaults(game, settings)
        assert again is not None and not again.any
        assert await funding_entries(game) == first


async def test_a_configured_chain_is_never_funded_at_start(tmp_path: Path, clock: FixedClock) -> None:
    node = {"chain_rpc": "http://127.0.0.1:9", "chain_contract": "0x" + "11" * 20}  # nothing listens there
    settings = make_settings(tmp_path / "var", f"sqlite+aiosqlite:///{tmp_path / 'play.db'}", **node)
    async with open_game(settings, clock=clock, packs=[]) as game:
        assert await fund_embedded_defaults(game, settings) is None
        assert await funding_entries(game) == []
