"""Running the bot inside `chatlabel run`: long polling or a webhook, the notifier, and the quiz jobs."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from urllib.parse import urlparse

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from telegram.ext import Application

from bot.telegram import notifier, webhook
from bot.telegram.handlers import groups
from core.settings import Settings

UPDATES = ["message", "callback_query", "my_chat_member"]


@contextlib.asynccontextmanager
async def running(application: Application, settings: Settings) -> AsyncIterator[None]:
    """Started on entry, stopped on exit; shares the caller's event loop (the examples' `async with` pattern)."""
    async with application:
        if application.post_init is not None:  # run_polling would call it; with `async with` it is ours to call
            await application.post_init(application)
        try:
            async with _receiving(application, settings):  # stopped before the Application, as PTB asks
                await application.start()
                game = application.bot_data["game"]
                poll = settings.schedule.notice_poll_seconds
                delivery = asyncio.create_task(notifier.run(application.bot, game, poll))
                try:
                    yield
                finally:
                    delivery.cancel()
                    await asyncio.gather(delivery, return_exceptions=True)
        finally:
            if application.running:
                await application.stop()


@contextlib.asynccontextmanager
async def _receiving(application: Application, settings: Settings) -> AsyncIterator[None]:
    """Updates by webhook when a webhook URL is set (settings guarantee its secret), by long polling otherwise."""
    tg = settings.telegram
    if not tg.webhook_url:
        await application.updater.start_polling(allowed_updates=UPDATES)
        try:
            yield
        finally:
            await application.updater.stop()
        return
    path = urlparse(tg.webhook_url).path
    async with webhook.serving(
        application, listen=tg.webhook_listen, port=tg.webhook_port, path=path, secret=tg.webhook_secret
    ):
        await application.bot.set_webhook(tg.webhook_url, allowed_updates=UPDATES, secret_token=tg.webhook_secret)
        yield


def schedule(scheduler: AsyncIOScheduler, application: Application, settings: Settings) -> None:
    """The daily quiz at the configured hour, and a check every minute for quizzes whose time is up."""
    common = {"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600}
    scheduler.add_job(
        groups.post_daily, "cron", hour=settings.telegram.daily_quiz_hour, args=[application], id="tg_daily", **common
    )
    scheduler.add_job(groups.close_due, "interval", minutes=1, args=[application], id="tg_close_quizzes", **common)
