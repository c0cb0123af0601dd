"""What the economy tests share: the treasurer, the token's base units, and a fresh game per generated example."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app import open_game
from core.clock import FixedClock
from core.db.consensus_tables import PUBLIC, Reputation
from core.db.tables import Identity
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from core.types import Audit, UserRef
from tests.integration.admin.conftest import text_rows, write_text_pack
from tests.support import make_settings, postgres_database
from wallet.linking import EthProofs

ADMIN = UserRef("console", "treasurer", "Treasurer")
TOKEN_UNITS = 10**16  # base units per point at 0.01 token per point and 18 decimals


async def started_bot_campaign(
    game: Game, folder: Path, items: int, *, max_overlap: int, target_confidence: float, pool: str
) -> int:
    """A started bot-or-not campaign of `items` plain items (no checks) at 10 points, two answers at least,
    funded with `pool` tokens; its id."""
    made = await game.campaigns.create(
        ADMIN,
        name="Bots",
        kind="bot_or_not",
        question="q",
        choices="human,bot",
        points_per_item=10,
        min_overlap=2,
        max_overlap=max_overlap,
        target_confidence=target_confidence,
        gold_rate=0,
    )
    rows = [{**row, "gold": False} for row in text_rows(items)]
    await game.campaigns.import_pack(ADMIN, made.campaign_id, write_text_pack(folder / "pack", rows))
    await game.economy.fund(ADMIN, made.campaign_id, pool)
    await game.campaigns.start(ADMIN, made.campaign_id)
    return made.campaign_id


async def reputation(game: Game, who: UserRef) -> tuple[float, int, int]:
    """The player's (score, settled, agreed) in the public community."""
    query = (
        select(Reputation.score, Reputation.settled, Reputation.agreed)
        .join(Identity, Identity.account_id == Reputation.account_id)
        .where(Identity.external_id == who.external_id, Reputation.community_key == PUBLIC)
    )
    row = await game.deps.db.run(lambda s: s.execute(query).one())
    return float(row[0]), int(row[1]), int(row[2])


class Economy:
    """The event loop of the run, and a fresh database and game for every example (so replays are exact)."""

    def __init__(self, root: Path, backend: str) -> None:
        self.root, self.backend = root, backend
        self.loop = asyncio.new_event_loop()
        self.examples = itertools.count()
        self.seen = {"claims": 0, "paid": 0, "jobs": 0, "funded": 0, "relabelled": 0}
        self.last: Audit | None = None

    def run(self, coroutine: Any) -> Any:
        return self.loop.run_until_complete(coroutine)

    def open(self) -> Game:
        self.stack = contextlib.AsyncExitStack()
        self.clock = FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
        self.treasury = FixedTreasury(50_000 * TOKEN_UNITS)
        example = next(self.examples)
        if self.backend == "sqlite":
            url = f"sqlite+aiosqlite:///{self.root / f'economy-{example}.db'}"
        else:
            url = self.run(self.stack.enter_async_context(postgres_database()))
        overrides = {
            "admins_console": '["treasurer"]',
            "rewards_min_points": "1",
            "rewards_cooldown_hours": "0",
            "rewards_proof_required": "false",
            "rewards_settlement_window_hours": "1",
            "rewards_engagement_points_per_day": "60",
            "tasks_gold_rate": "0",
            "tasks_min_answer_seconds": "0",
            "points_answer": "1",
        }
        settings_ = make_settings(self.root, url, **overrides)
        game: Game = self.run(self.stack.enter_async_context(open_game(settings_, clock=self.clock, packs=[])))
        game.economy.treasury = self.treasury
        game.wallet_proofs = EthProofs(1)
        # The same sequences whatever ran before and however loaded the machine: serving draws among equals from
        # a seeded generator, and reads the active campaigns afresh on each pick (their cache expires by the wall
        # clock, which would make a paused or refilled pool show up sooner or later by the machine's speed).
        game.deps.rng.seed(example)
        game.deps.campaigns.ttl = 0.0
        self.game = game
        return game

    def close(self) -> None:
        self.last = self.run(self.game.economy.audit())
        self.run(self.stack.aclose())
