"""Composition root: settings -> engine -> migrations -> game; the long-running service around it."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
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
from core.types import DevFunding
from runtime.core_jobs import schedule_core_jobs
from runtime.scheduler import Scheduler

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
    from core.game.claim_state import tokens_to_units
    from wallet import embedded

    secret = settings.secrets.payout_key
    units = tokens_to_units(settings.chain.dev_treasury_tokens, settings.rewards.token_decimals)
    client, _ = embedded.start(secret.get_secret_value() if secret else None, units)
    return ChainTreasury(client)


async def fund_embedded_defaults(game: Game, settings: Settings) -> DevFunding | None:
    """On the embedded defaults only (no `[chain] rpc`): start the embedded chain, whose dev treasury mints its
    test tokens, and fund the shipped campaigns and the engagement reserve from it, so play pays real points.
    None on a configured chain, whose tokens only an admin's funding spends."""
    if settings.chain.rpc:
        return None
    game.economy.treasury = chain_treasury(settings)
    return await game.economy.fund_shipped_campaigns()


def _default_packs() -> list[Pack]:
    from core.content import load_default_packs

    return load_default_packs()


@dataclass(frozen=True, slots=True)
class WorkerSlot:
    """Which of `count` worker processes this is; `shared_port` when the others listen on the same port.
    `shard_ids`/`shard_count`: the Discord gateway shards this process runs (None: all, discord.py decides)."""

    index: int = 0
    count: int = 1
    shard_ids: tuple[int, ...] | None = None
    shard_count: int | None = None

    @property
    def shared_port(self) -> bool:
        return self.count > 1


async def serve(settings: Settings, worker: WorkerSlot | None = None) -> int:
    """The long-running process: HTTP server, scheduler and every bot that has a token. Ctrl-C stops it.

    With several workers the supervisor has migrated and seeded the database before starting them."""
    import asyncio
    import signal

    from web.metrics import Metrics, game_use_cases

    worker = worker or WorkerSlot()
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
    async with open_game(settings, seed=worker.count == 1) as game, contextlib.AsyncExitStack() as stack:
        metrics = Metrics(worker=str(worker.index))
        metrics.instrument(game, game_use_cases(game))
        metrics.instrument(game.campaigns, game_use_cases(game.campaigns), prefix="campaigns.")
        scheduler = Scheduler(game.deps.db, game.deps.clock, metrics)
        schedule_core_jobs(scheduler, game, settings)
        await start_bots(stack, scheduler, game, settings, metrics, worker)
        stack.push_async_callback(scheduler.stop)  # on the way out the jobs stop first, before the bots
        scheduler.start()
        log.info("worker %d of %d running", worker.index + 1, worker.count)
        await stop.wait()
    log.info("service stopped")
    return 0


async def start_bots(
    stack: contextlib.AsyncExitStack,
    scheduler: Scheduler,
    game: Game,
    settings: Settings,
    metrics: Any,
    worker: WorkerSlot,
) -> None:
    """The HTTP server, then every bot that has a token, in this event loop; each stops when `stack` closes."""
    from web import console, health, requesters
    from web import metrics as metrics_routes
    from web.app import build_app

    telegram = None
    mini_app: list[Any] = []
    routes: list[Any] = [*health.routes(game.deps.db), *metrics_routes.routes(metrics, game.deps.db)]
    routes += requesters.routes(game, settings)  # /api/v1 and /docs
    routes += console.routes(game)  # /console
    await _start_webhooks(stack, scheduler, game, settings)
    if settings.secrets.telegram_token is not None:
        from bot.telegram.app import build_application
        from bot.telegram.service import webhook_routes

        telegram = build_application(game, settings, metrics=metrics)
        routes += webhook_routes(telegram, settings)
        mini_app = _mini_app_routes(game, settings, telegram)
    # Routes are tried in order, and the Mini App's swipes are the bulk of the requests: /app comes first (no
    # other path starts with it).
    served = await _serve_http(stack, build_app(mini_app, routes), settings, worker)
    if telegram is not None and (served or not settings.telegram.webhook_url):
        await _start_telegram(stack, scheduler, telegram, settings)
    elif telegram is not None:
        log.error("the Telegram bot is not running: webhook mode needs the HTTP server ([http] port)")
    if settings.secrets.discord_token is not None and worker.shard_ids != ():
        from bot.discord.app import build_bot
        from bot.discord.app import running as discord_running

        token = settings.secrets.discord_token
        bot = build_bot(game, settings, shard_ids=worker.shard_ids, shard_count=worker.shard_count, metrics=metrics)
        await stack.enter_async_context(discord_running(bot, token, scheduler))
        log.info("discord bot starting")


def _mini_app_routes(game: Game, settings: Settings, telegram: Any) -> list[Any]:
    """/app: the Telegram Mini App, over the same game; its init data is signed with the bot's token."""
    from bot.telegram.context import invite_links
    from web.mini_app.routes import from_settings

    return from_settings(game, settings, invite_links(telegram.bot))


async def _start_webhooks(
    stack: contextlib.AsyncExitStack, scheduler: Scheduler, game: Game, settings: Settings
) -> None:
    """Requesters' webhooks: one sender (its kept-alive connections) for every delivery, closed on the way out."""
    from web.requesters.delivery import deliver
    from web.requesters.sender import Sender

    sender = Sender()
    stack.push_async_callback(sender.aclose)

    async def run() -> None:
        await deliver(game, sender)

    scheduler.every("requester_webhooks", settings.requesters.webhook_seconds, run)


async def _serve_http(stack: contextlib.AsyncExitStack, web_app: Any, settings: Settings, worker: WorkerSlot) -> bool:
    """The one HTTP server; a port already taken is reported and the rest runs on (polling needs no server)."""
    from web.server import bind, serving

    http = settings.http
    if http.port == 0:
        return False
    try:
        sock = bind(http.listen, http.port, shared=worker.shared_port)
    except OSError as exc:
        log.error("HTTP server not started: %s:%d is not free (%s)", http.listen, http.port, exc.strerror)
        return False
    await stack.enter_async_context(serving(web_app, sock))
    log.info("HTTP server on %s:%d (/healthz /readyz /metrics /app /api/v1 /docs)", http.listen, sock.getsockname()[1])
    return True


async def _start_telegram(
    stack: contextlib.AsyncExitStack, scheduler: Scheduler, telegram: Any, settings: Settings
) -> None:
    from telegram.error import InvalidToken

    from bot.common import startup
    from bot.telegram.service import running, schedule

    try:
        await stack.enter_async_context(running(telegram, settings))
    except InvalidToken as exc:
        startup.not_started("Telegram", exc, rejected=True)
    except Exception as exc:  # unreachable API ...: Discord and the jobs run on
        startup.not_started("Telegram", exc, rejected=False)
    else:
        schedule(scheduler, telegram, settings)
        log.info("telegram bot @%s started", telegram.bot.username)
