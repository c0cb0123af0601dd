"""Composition root: settings -> engine -> migrations -> game; the long-running service around it."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from core.clock import Clock, SystemClock
from core.content.pack import Pack
from core.db.engine import build_engine
from core.db.migrate import upgrade
from core.db.uow import Database
from core.game.catalogue import seed_defaults
from core.game.deps import GameDeps
from core.game.game import Game
from core.settings import Settings

if TYPE_CHECKING:
    from wallet.run import BatchGuard
    from wallet.service import PayoutService

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
    start_payouts(scheduler, game, settings)  # claims batch + reconciler; resumes payouts in flight


def start_payouts(
    scheduler: Any, game: Game, settings: Settings, before_batch: BatchGuard | None = None
) -> PayoutService | None:
    """Payouts on: the game gets the chain's wallet proofs, the scheduler the payout jobs. None: payouts off.

    ``before_batch`` is checked before each batch is paid (default: the treasury covers the batch).
    """
    from wallet.linking import EthProofs
    from wallet.node_wait import NodeWait
    from wallet.service import build_payouts, schedule_payouts

    service = build_payouts(game.deps.db, settings, before_batch)
    if service is None:
        return None

    def ready(chain_id: int) -> None:
        game.wallet_proofs = EthProofs(chain_id)
        schedule_payouts(scheduler, service, settings)

    # A node that does not answer pauses payouts (the rest of the service runs) until a retry reaches it.
    service.node_wait = NodeWait(scheduler, service, ready, settings.chain.node_retry_max_seconds)
    service.node_wait.start()
    return service


async def start_bots(bots: Any, scheduler: Any, game: Game, settings: Settings) -> None:
    """Every bot that has a token, in this event loop; each stops when `bots` closes."""
    if settings.secrets.telegram_token is not None:
        from telegram.error import InvalidToken

        from bot.common import startup
        from bot.telegram.app import build_application
        from bot.telegram.service import running, schedule

        telegram = build_application(game, settings)
        try:
            await bots.enter_async_context(running(telegram, settings))
        except InvalidToken as exc:
            startup.not_started("Telegram", exc, rejected=True)
        except Exception as exc:  # unreachable API, webhook port taken ...: Discord and the jobs run on
            startup.not_started("Telegram", exc, rejected=False)
        else:
            schedule(scheduler, telegram, settings)
            log.info("telegram bot @%s started", telegram.bot.username)
    if settings.secrets.discord_token is not None:
        from bot.discord.app import build_bot
        from bot.discord.app import running as discord_running

        token = settings.secrets.discord_token
        await bots.enter_async_context(discord_running(build_bot(game, settings), token))
        log.info("discord bot starting")
