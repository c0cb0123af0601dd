"""Composition root: settings -> engine -> migrations -> game; the long-running service around it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from core.clock import Clock, SystemClock
from core.content.pack import Pack
from core.db.engine import build_engine
from core.db.migrate import upgrade
from core.db.uow import Database
from core.game.catalogue import seed_defaults
from core.game.deps import GameDeps
from core.game.game import Game
from core.settings import Settings

log = logging.getLogger("chatlabel")


def database_url(settings: Settings) -> str:
    """A relative SQLite path in the default URL lives under the data dir, wherever the command runs."""
    url = settings.database.url
    default = "sqlite+aiosqlite:///var/"
    if url.startswith(default):
        return f"sqlite+aiosqlite:///{(settings.data_dir / url.removeprefix(default)).resolve()}"
    return url


@asynccontextmanager
async def open_game(
    settings: Settings, *, clock: Clock | None = None, packs: Sequence[Pack] | None = None, seed: bool = True,
) -> AsyncIterator[Game]:
    """Migrate, seed the default campaigns (or the given packs) and hand out the game; closes the engine."""
    db = Database(build_engine(database_url(settings), echo=settings.database.echo))
    try:
        await upgrade(db.engine)
        deps = GameDeps(db=db, settings=settings, clock=clock or SystemClock())
        if seed:
            added = await seed_defaults(deps, packs if packs is not None else _default_packs())
            if added:
                log.info("added campaigns from packs: %s", ", ".join(added))
        yield Game(deps)
    finally:
        await db.dispose()


def _default_packs() -> list[Pack]:
    from core.content import load_default_packs

    return load_default_packs()
