"""Composition root: settings -> engine -> migrations -> game; the long-running service around it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from core.clock import Clock, SystemClock
from core.content.pack import Pack
from core.db.engine import build_engine
from core.db.migrate import upgrade
from core.db.uow import Database
from core.game.catalogue import seed_defaults
from core.game.deps import GameDeps
from core.game.game import Game
from core.game.money.treasury import Treasury
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
    settings: Settings,
    *,
    clock: Clock | None = None,
    packs: Sequence[Pack] | None = None,
    seed: bool = True,
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


def chain_treasury(settings: Settings) -> Treasury:
    """The treasury funding and the audit check against: the configured node's payout contract, or (no rpc) a
    fresh embedded development chain like the one the service starts."""
    from wallet.chain import ChainClient
    from wallet.treasury import ChainTreasury

    if settings.chain.rpc:
        client = ChainClient.from_url(settings.chain.rpc, timeout=settings.chain.rpc_timeout_seconds)
        return ChainTreasury(client.at(settings.chain.contract))
    from wallet import embedded

    secret = settings.secrets.payout_key
    client, _ = embedded.start(secret.get_secret_value() if secret else None)
    return ChainTreasury(client)


def _default_packs() -> list[Pack]:
    from core.content import load_default_packs

    return load_default_packs()


async def serve(settings: Settings) -> int:
    """The long-running process: scheduler plus every bot that has a token. Ctrl-C stops it cleanly."""
    import asyncio
    import contextlib
    import signal

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    if settings.secrets.telegram_token is None and settings.secrets.discord_token is None:
        print(
            "chatlabel: no chat token configured (set TELEGRAM_TOKEN or DISCORD_TOKEN); "
            "to play locally instead, run `chatlabel play`."
        )
        return 1
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with open_game(settings) as game, contextlib.AsyncExitStack() as bots:
        scheduler = AsyncIOScheduler(timezone="UTC")
        schedule_core_jobs(scheduler, game, settings)
        await start_bots(bots, scheduler, game, settings)
        scheduler.start()
        try:
            await stop.wait()
        finally:
            scheduler.shutdown(wait=False)
    log.info("service stopped")
    return 0


def schedule_core_jobs(scheduler: Any, game: Game, settings: Settings) -> None:
    """Jobs that need no chat platform; each may run twice (restarts, several workers) without harm."""
    from wallet.service import schedule_payouts

    once = {"coalesce": True, "max_instances": 1}
    scheduler.add_job(
        game.queue_streak_reminders,
        "cron",
        hour=settings.schedule.streak_reminder_hour,
        id="streak_reminders",
        misfire_grace_time=3600,
        **once,
    )
    # Consensus: worker models, spam weights, open posteriors, label changes.
    scheduler.add_job(game.refit, "interval", minutes=settings.consensus.refit_minutes, id="consensus_refit", **once)
    scheduler.add_job(game.campaigns.close_expired, "interval", minutes=1, id="campaign_deadlines", **once)
    scheduler.add_job(game.fetch_link_images, "interval", seconds=30, id="link_images", **once)
    service = schedule_payouts(scheduler, game, settings)  # claims batch + reconciler; resumes payouts in flight
    if service is not None:
        from wallet.treasury import ChainTreasury

        game.economy.treasury = ChainTreasury(service.run.client)
    scheduler.add_job(game.queue_settled_notices, "interval", minutes=1, id="settled_notices", **once)
    # Pending points past the settlement window (or vested engagement rewards) become claimable.
    scheduler.add_job(game.economy.release_pending, "interval", minutes=10, id="release_pending", **once)


async def start_bots(bots: Any, scheduler: Any, game: Game, settings: Settings) -> None:
    """Every bot that has a token, in this event loop; each stops when `bots` closes."""
    if settings.secrets.telegram_token is not None:
        from bot.telegram.app import build_application
        from bot.telegram.service import running, schedule

        telegram = build_application(game, settings)
        await bots.enter_async_context(running(telegram, settings))
        schedule(scheduler, telegram, settings)
        log.info("telegram bot @%s started", telegram.bot.username)
    if settings.secrets.discord_token is not None:
        from bot.discord.app import build_bot
        from bot.discord.app import running as discord_running

        token = settings.secrets.discord_token
        await bots.enter_async_context(discord_running(build_bot(game, settings), token))
        log.info("discord bot starting")
