"""Running the bot inside `chatlabel run`: long polling or the webhook route, and its scheduled jobs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING
from urllib.parse import urlparse

from starlette.routing import BaseRoute
from telegram.ext import Application

from bot.telegram import notifier
from bot.telegram.handlers import groups
from core.settings import Settings

if TYPE_CHECKING:
    from runtime.scheduler import Scheduler

UPDATES = ["message", "callback_query", "my_chat_member"]


@contextlib.asynccontextmanager
async def running(application: Application, settings: Settings) -> AsyncIterator[None]:
    """Started on entry, stopped on exit; shares the caller's event loop (the examples' `async with` pattern).

    In webhook mode the caller serves `webhook_routes(...)` on its HTTP server before entering."""
    async with application:
        if application.post_init is not None:  # run_polling would call it; with `async with` it is ours to call
            await application.post_init(application)
        try:
            async with _receiving(application, settings):  # stopped before the Application, as PTB asks
                await application.start()
                yield
        finally:
            if application.running:
                await application.stop()


def webhook_routes(application: Application, settings: Settings) -> list[BaseRoute]:
    """The webhook's route at the path of `telegram.webhook_url`; none in polling mode."""
    from web import telegram

    tg = settings.telegram
    if not tg.webhook_url:
        return []
    return list(telegram.routes(application, urlparse(tg.webhook_url).path or "/", tg.webhook_secret))


@contextlib.asynccontextmanager
async def _receiving(application: Application, settings: Settings) -> AsyncIterator[None]:
    """Updates by webhook when a webhook URL is set (settings guarantee its secret), by long polling otherwise."""
    tg = settings.telegram
    if not tg.webhook_url:
        updater = application.updater
        if updater is None:  # build_application keeps PTB's updater; only a webhook-only build drops it
            raise ValueError("long polling needs the Application's updater")
        await updater.start_polling(allowed_updates=UPDATES)
        try:
            yield
        finally:
            await updater.stop()
        return
    await application.bot.set_webhook(tg.webhook_url, allowed_updates=UPDATES, secret_token=tg.webhook_secret)
    yield


def schedule(scheduler: Scheduler, application: Application, settings: Settings) -> None:
    """Notice delivery in every worker (each notice is claimed once); quiz closing and the daily quiz once."""
    game, every = application.bot_data["game"], settings.schedule

    async def daily_quiz() -> None:
        if game.deps.clock.now().hour >= settings.telegram.daily_quiz_hour:  # the core posts once per day
            await groups.post_daily(application)

    scheduler.every(
        "telegram_notices", every.notice_poll_seconds, lambda: notifier.deliver_once(application.bot, game), once=False
    )
    scheduler.every("telegram_quiz_close", every.quiz_close_seconds, lambda: groups.close_due(application))
    scheduler.every("telegram_daily_quiz", every.daily_quiz_check_seconds, daily_quiz)
