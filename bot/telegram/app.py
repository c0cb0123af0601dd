"""`build_application(game, settings)`: the python-telegram-bot Application with chatlabel's handlers.

The caller opens the game and passes it in; nothing here runs at import time.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    JobQueue,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.telegram import errors, observe
from bot.telegram.context import GameContext
from bot.telegram.handlers import campaign, groups, language, members, presses, wallet
from bot.telegram.menus import publish_commands
from bot.telegram.request import BotApiRequest
from core.game.game import Game
from core.settings import Settings

if TYPE_CHECKING:
    from web.metrics import Metrics

PRIVATE, GROUPS = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
MEMBER_COMMANDS = {
    "start": members.start,
    "play": members.play,
    "checkin": members.checkin,
    "profile": members.profile,
    "invite": members.invite,
    "link": members.link,
    "wallet": wallet.wallet,
    "claim": wallet.claim,
    "claims": wallet.claims,
    "earnings": wallet.earnings,
    "why": members.why,
    "appeal": members.appeal,
    "language": language.language,
}
MODERATOR_COMMANDS = {"quiz": groups.quiz, "community": groups.settings, "ban": groups.ban, "unban": groups.unban}
# Answers arrive in parallel (different players); the core's transactions keep each player's own presses safe.
CONCURRENT_UPDATES = 32


class MessageRateLimiter(AIORateLimiter):
    """Telegram's limits (about 30 messages/s overall, 20/min per group) count messages; reads such as
    getChatMember skip the chat buckets so a moderator's command doesn't wait behind the group's quota.
    A 429 is waited out and retried either way; each retry is counted on `/metrics`."""

    def __init__(self, *, metrics: Metrics | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.metrics = metrics

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if endpoint.startswith("get"):
            data = {}
        attempts = 0

        async def counted(*call_args: Any, **call_kwargs: Any) -> bool | dict[str, Any] | list[dict[str, Any]]:
            nonlocal attempts
            attempts += 1
            if attempts > 1 and self.metrics is not None:
                self.metrics.retries.labels("telegram").inc()
            return await callback(*call_args, **call_kwargs)

        return await super().process_request(counted, args, kwargs, endpoint, data, rate_limit_args)


def build_application(
    game: Game, settings: Settings, *, token: str | None = None, throttled: bool = True, metrics: Metrics | None = None
) -> Application:
    """`throttled=False` only for measuring the stack itself (bench/telegram.py); Telegram needs the limiter.
    With `metrics` (web.metrics.Metrics) updates and Bot API calls are recorded."""
    secret = settings.secrets.telegram_token
    token = token or (secret.get_secret_value() if secret else None)
    if not token:
        raise ValueError("TELEGRAM_TOKEN is not set")
    # The bot's rate-limit arguments are int with the limiter and None without it: one builder for both.
    builder: ApplicationBuilder[
        ExtBot[Any], GameContext, dict[Any, Any], dict[Any, Any], dict[Any, Any], JobQueue[ContextTypes.DEFAULT_TYPE]
    ] = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.telegram.base_url)
        .base_file_url(settings.telegram.base_file_url)
        .context_types(ContextTypes(context=GameContext))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(publish_commands)
    )
    if throttled and settings.telegram.rate_limiter:
        builder = builder.rate_limiter(MessageRateLimiter(max_retries=5, metrics=metrics))
    # Long polls wait up to their timeout on a connection of their own, as the library's default does.
    builder = builder.request(BotApiRequest(metrics)).get_updates_request(BotApiRequest(metrics, pool_size=1))
    application = builder.build()
    application.bot_data.update(game=game, settings=settings, metrics=metrics)
    if metrics is not None:
        application.add_handler(TypeHandler(object, observe.count_update), group=-1)
    add_handlers(application)
    return application


def add_handlers(application: Application) -> None:
    add = application.add_handler
    # Every update is answered in its sender's language; this runs first, in the task the handlers run in.
    add(TypeHandler(Update, language.speak), group=-2)
    add(ChatMemberHandler(groups.bot_membership, ChatMemberHandler.MY_CHAT_MEMBER))
    add(CallbackQueryHandler(presses.press))
    for name, handler in MEMBER_COMMANDS.items():
        add(CommandHandler(name, handler, PRIVATE))
        add(CommandHandler(name, members.private_only, GROUPS))
    for name, handler in MODERATOR_COMMANDS.items():
        add(CommandHandler(name, handler, GROUPS))
        add(CommandHandler(name, groups.group_only, PRIVATE))
    add(CommandHandler("top", members.top, PRIVATE | GROUPS))
    add(CommandHandler("help", members.help_command, PRIVATE | GROUPS))
    add(CommandHandler("campaign", campaign.command, PRIVATE | GROUPS))
    caption = filters.CaptionRegex(campaign.UPLOAD_CAPTION) & campaign.ForThisBot()
    add(MessageHandler(filters.Document.ALL & caption, campaign.upload))
    # Anything else in a private chat gets a hint; in groups the bot stays quiet unless addressed by a command.
    add(MessageHandler(PRIVATE & (filters.TEXT | filters.Document.ALL), members.unknown))
    application.add_error_handler(errors.on_error)
