"""Telegram and Discord expose the same commands (`texts.COMMANDS` and `texts.GROUP_COMMANDS`) and render the
same core outcomes: every use case of `Game` that returns facts for people is called by both adapters."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import get_type_hints

from bot.common import texts
from core.clock import SystemClock
from core.db.engine import build_engine
from core.db.uow import Database
from core.game.deps import GameDeps
from core.game.game import Game
from core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]
SHARED = {name for name, _ in texts.COMMANDS} | {name for name, _ in texts.GROUP_COMMANDS}
# Called by the composition root or the scheduler, not by a chat adapter.
# Scheduled jobs, not user actions; the ledger audit runs before each payout batch and in the terminal.
NOT_ADAPTER_CALLS = {"queue_streak_reminders", "fetch_link_images", "ledger_audit", "queue_settled_notices"}
# The Mini App's own: a card fetches its picture apart (chat shows it in the message). Its "not sure" is the
# chat's skip, an answer with SKIP.
MINI_APP_CALLS = {"task_image"}


def settings_with_tokens(tmp_path: Path) -> Settings:
    env = {
        "CHATLABEL_DATA_DIR": str(tmp_path),
        "CHATLABEL_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}",
        "TELEGRAM_TOKEN": "123456:test-token-for-building",
        "DISCORD_TOKEN": "test-token-for-building",
    }
    return load_settings(env=env)


def game(settings: Settings) -> Game:
    """A game whose database is never opened: building an adapter must not touch it."""
    return Game(GameDeps(Database(build_engine(settings.database.url)), settings, SystemClock()))


def fact_use_cases() -> set[str]:
    """`Game` methods whose results a person reads (anything but None)."""
    names = set()
    for name, method in inspect.getmembers(Game, inspect.iscoroutinefunction):
        if not name.startswith("_") and get_type_hints(method).get("return") is not type(None):
            names.add(name)
    return names - NOT_ADAPTER_CALLS - MINI_APP_CALLS


def called_methods(package: Path) -> set[str]:
    """Every `something.name(...)` call in the adapter's source, and in the shared code every adapter runs
    (`bot/common`: notice delivery, campaign commands)."""
    called = set()
    for path in [*package.rglob("*.py"), *(ROOT / "bot" / "common").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                called.add(node.func.attr)
    return called


def discord_commands(tmp_path: Path) -> set[str]:
    from bot.discord.app import build_bot

    settings = settings_with_tokens(tmp_path)
    return {command.name for command in build_bot(game(settings), settings).tree.get_commands()}


def telegram_commands(tmp_path: Path) -> set[str]:
    from telegram.ext import CommandHandler

    from bot.telegram.app import build_application

    settings = settings_with_tokens(tmp_path)
    application = build_application(game(settings), settings)
    handlers = [h for group in application.handlers.values() for h in group if isinstance(h, CommandHandler)]
    return {name for handler in handlers for name in handler.commands}


def test_discord_exposes_the_shared_commands(tmp_path: Path) -> None:
    assert discord_commands(tmp_path) >= SHARED


def test_telegram_exposes_the_shared_commands(tmp_path: Path) -> None:
    assert telegram_commands(tmp_path) >= SHARED


def test_both_render_every_core_outcome() -> None:
    wanted = fact_use_cases()
    discord_calls = called_methods(ROOT / "bot" / "discord") & wanted
    telegram_calls = called_methods(ROOT / "bot" / "telegram") & wanted
    assert discord_calls == telegram_calls, (
        f"only on Discord: {sorted(discord_calls - telegram_calls)}; "
        f"only on Telegram: {sorted(telegram_calls - discord_calls)}"
    )


def test_discord_renders_every_member_and_group_outcome() -> None:
    """The member, group and wallet use cases, whatever the other adapter does."""
    missing = fact_use_cases() - called_methods(ROOT / "bot" / "discord")
    assert missing == set(), sorted(missing)


def test_wallet_and_claim_commands_are_shared(tmp_path: Path) -> None:
    """The payout commands are part of the shared list, so both adapters must expose them."""
    payout = {"wallet", "claim", "claims"}
    assert payout <= SHARED
    assert payout <= discord_commands(tmp_path) and payout <= telegram_commands(tmp_path)


def test_the_mini_app_calls_its_own_use_cases() -> None:
    assert called_methods(ROOT / "web" / "mini_app") >= MINI_APP_CALLS


# Discord's own: level roles and the daily quiz's channel (a Telegram group has neither roles nor channels).
PLATFORM_HANDLERS = {"discord": {"moderators.py"}, "telegram": set()}


def test_the_handlers_mirror_each_other_file_for_file() -> None:
    files = {
        platform: {path.name for path in (ROOT / "bot" / platform / "handlers").glob("*.py")}
        - PLATFORM_HANDLERS[platform]
        for platform in PLATFORM_HANDLERS
    }
    assert files["telegram"] == files["discord"]
