"""The `chatlabel` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Callable

from core import logs
from core.settings import Settings, SettingsError, load_settings

COMMANDS = {
    "play": "play the game in this terminal (SQLite and the shipped content; no token, no server)",
    "run": "run the service: the chat bots that have a token, and the scheduled jobs",
    "campaign": "campaign admin from the terminal: new, set, import, start, pause, resume, close, stats, export",
    "db": "database maintenance: `db upgrade` applies migrations, `db current` shows the revision",
    "payouts": "payouts for operators: `payouts status`, `payouts recover`, `payouts repay` (act with --yes)",
    "ledger": "the economy's book: `ledger audit` checks the treasury covers all owed; `ledger fund-engagement`",
    "requester": "API clients who post jobs: `requester add NAME` (prints the key), list, revoke, deposit",
    "simulate": "play a campaign with a synthetic crowd (honest players, spammers, colluders) and report quality",
}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="chatlabel",
        description="Label AI training data as a game, in Telegram, Discord or a terminal.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Settings: config.toml (or CHATLABEL_CONFIG), overridden by CHATLABEL_<SECTION>_<KEY> variables.",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    play = sub.add_parser("play", help=COMMANDS["play"], description=COMMANDS["play"])
    play.add_argument("--player", default=None, help="the name you play under (default: your login name)")
    play.add_argument("--invite", default=None, metavar="CODE", help="an invite code from a friend")
    run = sub.add_parser("run", help=COMMANDS["run"], description=COMMANDS["run"])
    run.add_argument(
        "--workers", type=int, default=1, help="worker processes sharing the HTTP port (PostgreSQL and webhook mode)"
    )
    run.add_argument("--shard-count", type=int, default=None, help="Discord gateway shards in all (default: automatic)")
    run.add_argument(
        "--shard-ids", type=_shard_ids, default=None, metavar="0,1", help="the Discord shards these workers run"
    )
    run.add_argument("--log-format", choices=["text", "json"], default="text", help="log lines as text or JSON")
    run.add_argument("--worker-index", type=int, default=None, help=argparse.SUPPRESS)  # set by the supervisor
    campaign = sub.add_parser("campaign", help=COMMANDS["campaign"], description=COMMANDS["campaign"])
    from bot.console import campaign as console_campaign

    console_campaign.add_arguments(campaign)
    ledger = sub.add_parser("ledger", help=COMMANDS["ledger"], description=COMMANDS["ledger"])
    from bot.console import ledger as console_ledger

    console_ledger.add_arguments(ledger)
    db = sub.add_parser("db", help=COMMANDS["db"], description=COMMANDS["db"])
    db.add_argument("action", choices=["upgrade", "current"], help="what to do")
    payouts = sub.add_parser("payouts", help=COMMANDS["payouts"], description=COMMANDS["payouts"])
    from bot.console import payouts as console_payouts

    console_payouts.add_arguments(payouts)
    requester = sub.add_parser("requester", help=COMMANDS["requester"], description=COMMANDS["requester"])
    from bot.console import requester as console_requester

    console_requester.add_arguments(requester)
    simulate = sub.add_parser("simulate", help=COMMANDS["simulate"], description=COMMANDS["simulate"])
    simulate.add_argument("--users", type=int, default=100, help="players in the crowd (default 100)")
    simulate.add_argument("--items", type=int, default=320, help="items taken from the bot-or-not pack")
    simulate.add_argument("--spammers", type=float, default=0.2, help="share of spammers (random, constant, fast)")
    simulate.add_argument("--colluders", type=float, default=0.05, help="share of colluders")
    simulate.add_argument("--seed", type=int, default=1, help="random seed (the first one with --seeds)")
    simulate.add_argument("--seeds", type=int, default=1, help="run this many seeds in a row and report their means")
    simulate.add_argument("--rounds", type=int, default=60, help="at most this many rounds of play sessions")
    simulate.add_argument("--sybils", type=int, default=50, help="farmed accounts that only check in and invite")
    simulate.add_argument("--sybil-answerers", type=int, default=5, help="farmed accounts that answer at random")
    return top


def _shard_ids(text: str) -> tuple[int, ...]:
    if text == "none":  # a worker left without a shard (more workers than shards)
        return ()
    try:
        ids = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of shard numbers such as 0,1") from None
    if not ids or min(ids) < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a list of shard numbers such as 0,1")
    return ids


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 0
    running = args.command == "run"
    as_json = running and args.log_format == "json"
    redactor = logs.configure(logging.INFO if running else logging.WARNING, os.environ, as_json=as_json)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(redactor(f"chatlabel: {exc}"), file=sys.stderr)
        return 2
    logs.add_settings(redactor, settings)
    if running and args.workers > 1 and args.worker_index is None:
        return _supervise(settings, args)
    try:
        with asyncio.Runner(loop_factory=_service_loop() if running else None) as runner:
            return runner.run(_dispatch(args, settings))
    except KeyboardInterrupt:
        return 130


def _service_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop for the service where it is installed (not on Windows): the HTTP server's requests and the
    PostgreSQL driver's round trips cost less of the loop's time on it; asyncio's own loop otherwise."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "play":
        return await _play(settings, args.player, args.invite)
    if args.command == "campaign":
        return await _campaign(settings, args)
    if args.command == "db":
        return await _db(settings, args.action)
    if args.command == "ledger":
        return await _ledger(settings, args)
    if args.command == "simulate":
        return await _simulate(args)
    if args.command == "payouts":
        return await _payouts(settings, args)
    if args.command == "requester":
        return await _requester(settings, args)
    from app import WorkerSlot, serve

    index = args.worker_index or 0
    return await serve(settings, WorkerSlot(index, args.workers, args.shard_ids, args.shard_count))


def _supervise(settings: Settings, args: argparse.Namespace) -> int:
    """Several workers: refuse what cannot work, migrate and seed once, then start and watch them."""
    from app import open_game
    from runtime.workers import Plan, refusal, supervise

    plan = Plan(args.workers, args.shard_ids, args.shard_count, args.log_format)
    problem = refusal(settings, plan)
    if problem is not None:
        print(f"chatlabel: {problem}", file=sys.stderr)
        return 2

    async def prepare() -> None:
        async with open_game(settings):
            pass

    asyncio.run(prepare())
    return supervise(plan)


async def _play(settings: Settings, player: str | None, invite: str | None) -> int:
    from app import fund_embedded_defaults, open_game
    from bot.common import texts
    from bot.console.play import ConsoleGame
    from core.types import UserRef

    name = player or getpass.getuser()
    # The terminal's locale, as gettext reads it ("ru_RU.UTF-8"); "C" and "POSIX" name no language.
    locale = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG")
    async with open_game(settings) as game:
        funded = await fund_embedded_defaults(game, settings)
        if funded is not None and funded.any:
            texts.use(await game.language(UserRef("console", name, name)), locale)
            print(texts.dev_funded(funded))
        await ConsoleGame(game, UserRef("console", name, name), locale=locale).run(invite)
    return 0


async def _simulate(args: argparse.Namespace) -> int:
    import json

    from app import open_game
    from core.simulation.report import mean_figures
    from core.simulation.run import SimConfig, simulate

    figures = []
    for seed in range(args.seed, args.seed + max(1, args.seeds)):
        config = SimConfig(
            args.users,
            args.items,
            args.spammers,
            args.colluders,
            seed,
            args.rounds,
            sybils=args.sybils,
            sybil_answerers=args.sybil_answerers,
        )
        report = await simulate(config, open_game, progress=lambda line: print(line, file=sys.stderr, flush=True))
        if args.seeds > 1:
            print(f"== seed {seed}")
        print("\n".join(report.lines()))
        figures.append(report.figures())
    print(json.dumps(figures[0] if len(figures) == 1 else mean_figures(figures)))
    return 0


async def _campaign(settings: Settings, args: argparse.Namespace) -> int:
    from app import chain_treasury, open_game
    from bot.console.campaign import run

    async with open_game(settings) as game:
        if args.action == "fund":  # only funding reads the chain
            game.economy.treasury = chain_treasury(settings)
        return await run(game, args, args.admin or getpass.getuser())


async def _ledger(settings: Settings, args: argparse.Namespace) -> int:
    from app import chain_treasury, open_game
    from bot.console.ledger import run

    async with open_game(settings) as game:
        game.economy.treasury = chain_treasury(settings)
        return await run(game, args, args.admin or getpass.getuser())


async def _requester(settings: Settings, args: argparse.Namespace) -> int:
    from app import chain_treasury, open_game
    from bot.console.requester import run

    async with open_game(settings) as game:
        if args.action == "deposit":  # a deposit is backed by the treasury on chain, like admin funding
            game.economy.treasury = chain_treasury(settings)
        return await run(game, args, sys.stdout, sys.stderr)


async def _payouts(settings: Settings, args: argparse.Namespace) -> int:
    from app import database_url
    from bot.common import texts
    from bot.console.payouts import run
    from core.db.engine import build_engine
    from core.db.uow import Database
    from wallet.batch_store import LeaseLost, release_lease
    from wallet.errors import ChainError
    from wallet.service import PayoutService

    db = Database(build_engine(database_url(settings)))
    try:
        try:
            service = PayoutService.build(db, settings)
        except ChainError as exc:
            print(f"chatlabel: {exc.user_message}", file=sys.stderr)
            return 2
        if service is None:
            print(texts.PAYOUTS_OFF)
            return 0
        try:
            return await run(service.run, args, sys.stdout)
        except ChainError as exc:
            print(f"chatlabel: {exc.user_message}", file=sys.stderr)
            return 1
        except LeaseLost:
            print(texts.PAYOUTS_BUSY, file=sys.stderr)
            return 1
        finally:
            await db.transaction(lambda s: release_lease(s, service.run.holder))
    finally:
        await db.dispose()


async def _db(settings: Settings, action: str) -> int:
    from app import database_url
    from core.db.engine import build_engine
    from core.db.migrate import current_revision, upgrade

    engine = build_engine(database_url(settings))
    try:
        if action == "upgrade":
            await upgrade(engine)
        print(f"database at revision {await current_revision(engine)}")
    finally:
        await engine.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
