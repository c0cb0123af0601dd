"""Builders shared by the tests: settings for a temp data dir, small packs with known answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path

import asyncpg
from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from core.content.pack import ChoiceSpec, Pack, PackItem, PackManifest
from core.db.tables import Campaign
from core.game import book, ledger
from core.game.game import Game
from core.game.money import funding
from core.game.money.treasury import FixedTreasury, units_per_point
from core.settings import Settings, load_settings
from core.types import TaskKind, UserRef

POSTGRES_ADMIN = os.environ.get("CHATLABEL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


def make_settings(data_dir: Path, database_url: str, **overrides: str) -> Settings:
    """The shipped config.toml, with environment-style overrides (`tasks_gold_rate="0.5"`)."""
    env: dict[str, str] = {"CHATLABEL_DATA_DIR": str(data_dir), "CHATLABEL_DATABASE_URL": database_url}
    env.update({f"CHATLABEL_{key.upper()}": value for key, value in overrides.items()})
    return load_settings(env=env)


def text_pack(
    name: str = "spot-the-bot",
    *,
    kind: TaskKind = TaskKind.BOT_OR_NOT,
    items: int = 40,
    gold_every: int = 2,
    answers: Mapping[int, str] | None = None,
) -> Pack:
    """Items `i` alternate human/bot; every `gold_every`-th item is gold."""
    manifest = PackManifest(
        name=name,
        version="1",
        kind=kind,
        question="Written by a human or a bot?",
        choices=(ChoiceSpec("human", "Human"), ChoiceSpec("bot", "Bot")),
        licence="CC0-1.0",
        attribution="tests",
    )
    pack_items = tuple(
        PackItem(
            external_id=f"{name}-{i}",
            text=f"{name} text number {i}",
            image=None,
            answers=(),
            known_answer=(answers or {}).get(i, "human" if i % 2 == 0 else "bot"),
            gold=i % gold_every == 0,
            source="tests",
        )
        for i in range(items)
    )
    return Pack(manifest=manifest, root=Path("."), items=pack_items)


async def fund_pools(game: Game, points: int = 1_000_000, engagement: int = 1_000_000) -> FixedTreasury:
    """Back every campaign's pool and the engagement reserve from an in-memory treasury holding exactly that."""
    campaign_ids = await game.deps.db.run(lambda s: list(s.execute(select(Campaign.id)).scalars()))
    rules = game.deps.settings.rewards
    already = (await game.economy.audit(0)).owed  # a database funded before keeps what it was given
    total = already + points * len(campaign_ids) + engagement
    treasury = FixedTreasury(int(total * units_per_point(rules)))
    run = uuid.uuid4().hex[:8]  # a database funded again (a restarted test process) gets entries of its own
    for campaign_id in campaign_ids:
        await funding.draw(game.deps, book.pool(campaign_id), points, treasury.units, f"test:{run}:{campaign_id}")
    if engagement:
        await funding.draw(game.deps, book.ENGAGEMENT, engagement, treasury.units, f"test:{run}")
    game.economy.treasury = treasury
    return treasury


async def give_claimable(game: Game, who: UserRef, points: int, ref: str) -> None:
    """A player holding `points` claimable (earned, backed by the treasury): the state after settlement and release."""
    from core.game.players import require

    async def work(session: AsyncSession) -> None:
        account = await require(session, who)
        now = game.deps.clock.now()
        claimable = book.claimable(account.id)
        await session.run_sync(book.move, book.TREASURY, claimable, points, "test", ref, now, account.id, covered=False)
        await ledger.credit(session, account.id, points, "test", ref, now)

    await game.deps.db.transaction(work)


def user(n: int, platform: str = "telegram") -> UserRef:
    return UserRef(platform, str(1000 + n), f"Player {n}")  # type: ignore[arg-type]


def plain_dsn(url: str) -> str:
    """A PostgreSQL URL of the settings (`postgresql+asyncpg://`) as `asyncpg.connect` takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class postgres_database:
    """A throwaway database on the local server, dropped afterwards."""

    def __init__(self) -> None:
        self.name = f"chatlabel_test_{uuid.uuid4().hex[:12]}"

    async def __aenter__(self) -> str:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await admin.execute(f'CREATE DATABASE "{self.name}"')
        finally:
            await admin.close()
        base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        return f"{base}/{self.name}"

    async def __aexit__(self, *_: object) -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()
