"""The real Application over HTTP against the fake Bot API, on a real database; tests act as Telegram users."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image
from telegram.ext import Application

from app import open_game
from bot.telegram.app import build_application
from bot.telegram.handlers import groups
from bot.telegram.service import running, schedule, webhook_routes
from core.clock import FixedClock, SystemClock
from core.content.pack import ChoiceSpec, Pack, PackItem, PackManifest
from core.game.game import Game
from core.settings import Settings
from core.types import TaskKind
from runtime.scheduler import Scheduler
from tests.fakes.telegram_api import FakeTelegramApi, telegram_api  # noqa: F401  (fixture)
from tests.fakes.telegram_models import CallbackRecord, Chat, RequestRecord, StoredMessage, User
from tests.fakes.telegram_updates import command_entities
from tests.support import fund_pools, make_settings, text_pack
from web.app import build_app
from web.server import bind, serving

NUMBER = re.compile(r"number (\d+)")


@dataclass
class Played:
    """One press and the Bot API calls it caused."""

    record: CallbackRecord
    calls: list[str]

    @property
    def limited_calls(self) -> list[str]:
        """The calls that count against the chat's rate limit (answering a callback does not)."""
        return [call for call in self.calls if call != "answerCallbackQuery"]


@dataclass
class World:
    api: FakeTelegramApi
    game: Game
    clock: FixedClock
    settings: Settings
    bot: Callable[[], AbstractAsyncContextManager[Application]]  # a fresh Application over the same game
    bot_application: Application | None = None  # the running one (the `world` fixture's)

    def last(self, who: User | Chat) -> StoredMessage:
        return self.api.bot_messages(who)[-1]

    async def close_quiz(self, quiz: StoredMessage) -> None:
        """Run the quiz-closing job and wait until `quiz` shows its tallies. The running bot's scheduler runs the
        same job every few milliseconds: when its run claims the quiz first, ours finds nothing to close while
        that run's edit is still on its way."""
        assert self.bot_application is not None
        await groups.close_due(self.bot_application)
        await self.api.wait_until(lambda: quiz.reply_markup is None)

    def texts(self, who: User | Chat) -> list[str]:
        return [m.text or m.caption or "" for m in self.api.bot_messages(who)]

    async def say(self, user: User, text: str, replies: int = 1) -> StoredMessage:
        """Send a private message and wait for the bot's `replies` messages (settle alone can return while a
        handler is still busy in the database without talking to Telegram)."""
        before = len(self.api.bot_messages(user))
        sent = self.api.private_message(user, text)
        await self.api.wait_until(lambda: len(self.api.bot_messages(user)) >= before + replies)
        await self.api.settle()
        return sent

    async def press(self, user: User, message: StoredMessage, button: str | None = None, *, replies: int = 0, **kw):
        """Press and wait until the press is answered and `replies` new messages arrived in the chat."""
        before = len(self.api.bot_messages(message.chat))
        record = self.api.press(user, message, button, **kw)
        await self.api.wait_until(
            lambda: record.answered and len(self.api.bot_messages(message.chat)) >= before + replies
        )
        await self.api.settle()
        return record

    async def answer(self, user: User, task: StoredMessage, choice: str) -> Played:
        """Press a choice on a task; wait until the press is answered and the task was edited or followed."""
        start, edits, before = len(self.api.requests), len(task.edits), len(self.api.bot_messages(task.chat))
        record = self.api.press(user, task, choice)
        await self.api.wait_until(
            lambda: record.answered and (len(task.edits) > edits or len(self.api.bot_messages(task.chat)) > before)
        )
        await self.api.settle()
        here = (str(task.chat.id), None)  # this chat's calls (answerCallbackQuery names no chat)
        calls = [r.method for r in self.api.requests[start:] if r.method != "getUpdates" and _chat(r) in here]
        return Played(record, calls)

    def reply_in_group(self, chat: Chat, user: User, text: str, replied: StoredMessage) -> StoredMessage:
        """A group message answering another one (what a moderator does to /ban its author)."""
        extra = {"reply_to_message": replied.to_json()}
        return self.api.act._message(chat, user, text=text, entities=command_entities(text), extra=extra)


def _chat(request: RequestRecord) -> str | None:
    chat = request.params.get("chat_id")
    return None if chat is None else str(chat)


def right_answer(message: StoredMessage) -> str:
    """The test packs' known answers: even item numbers were written by a human, odd ones by a bot."""
    number = int(NUMBER.search(message.text or message.caption or "")[1])
    return "Human" if number % 2 == 0 else "Bot"


def image_pack(root: Path, items: int = 12) -> Pack:
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(items):
        path = root / f"{i}.png"
        Image.new("RGB", (64, 48), (i * 20 % 255, 90, 160)).save(path)
        paths.append(path)
    manifest = PackManifest(
        name="images",
        version="1",
        kind=TaskKind.IMAGE_BINARY,
        question="Is there a cat in this picture? (number {n})",
        choices=(ChoiceSpec("yes", "Yes"), ChoiceSpec("no", "No")),
        licence="CC0-1.0",
        attribution="tests",
    )
    rows = tuple(
        PackItem(f"img-{i}", f"picture number {i}", path, (), "yes", i % 2 == 0, "tests")
        for i, path in enumerate(paths)
    )
    return Pack(manifest=manifest, root=root, items=rows)


@asynccontextmanager
async def open_world(
    api: FakeTelegramApi, database_url: str, tmp_path: Path, *, packs: Sequence[Pack] = (), **overrides: str
) -> AsyncIterator[World]:
    settings = make_settings(
        tmp_path,
        database_url,
        tasks_gold_rate="0.5",
        tasks_min_answer_seconds="0",
        telegram_base_url=api.base_url,
        telegram_base_file_url=api.base_file_url,
        **{
            "schedule_notice_poll_seconds": "0.05",
            "points_answer": "1",  # participation points, so leaderboards move before any item settles
            **overrides,
        },
    )
    clock = FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    shipped = [text_pack("spot-the-bot"), image_pack(tmp_path / "images"), *packs]
    async with open_game(settings, clock=clock, packs=shipped) as game:
        game.deps.rng.seed(7)
        await fund_pools(game)  # the shipped campaigns' pools and the engagement reserve, backed by a treasury

        @asynccontextmanager
        async def bot() -> AsyncIterator[Application]:
            application = build_application(game, settings, token=api.token)
            scheduler = Scheduler(game.deps.db, SystemClock())  # notices are delivered as in the service
            async with AsyncExitStack() as stack:
                if settings.telegram.webhook_url:  # the route on the service's HTTP server, as `chatlabel run`
                    sock = bind(settings.http.listen, settings.http.port, shared=False)
                    await stack.enter_async_context(serving(build_app(webhook_routes(application, settings)), sock))
                await stack.enter_async_context(running(application, settings))
                schedule(scheduler, application, settings)
                scheduler.start()
                try:
                    yield application
                finally:
                    await scheduler.stop()

        yield World(api, game, clock, settings, bot)


@pytest.fixture
async def world(telegram_api: FakeTelegramApi, tmp_path: Path) -> AsyncIterator[World]:  # noqa: F811
    """SQLite file; the bot is running."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path) as opened, opened.bot() as application:
        opened.bot_application = application
        yield opened


@asynccontextmanager
async def world_with_admin(api: FakeTelegramApi, tmp_path: Path, admin: User) -> AsyncIterator[tuple[World, User]]:
    """SQLite file, the bot running, `admin` a configured Telegram admin."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(api, url, tmp_path, admins_telegram=f'["{admin.id}"]') as opened, opened.bot():
        yield opened, admin


@pytest.fixture
async def admin_world(telegram_api: FakeTelegramApi, tmp_path: Path) -> AsyncIterator[tuple[World, User]]:  # noqa: F811
    async with world_with_admin(telegram_api, tmp_path, telegram_api.user("Ada")) as pair:
        yield pair
