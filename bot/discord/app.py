"""`build_bot(game, settings)`: the discord.py client, its slash commands, buttons and notice delivery.

The caller opens the game and passes it in; `await bot.start(token)` runs it in the caller's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from pydantic import SecretStr

from bot.common import callbacks, startup, texts
from bot.discord import errors, jobs, notifier, observe
from bot.discord.buttons import AnswerButton, InstructionsButton, LanguageButton, QuizButton
from bot.discord.handlers import campaign, groups, language, members, moderators, presses, wallet
from bot.discord.interaction import Interaction
from bot.discord.translator import CatalogTranslator
from bot.discord.users import community_ref
from core.game.game import Game
from core.settings import Settings

if TYPE_CHECKING:
    from runtime.scheduler import Job, Scheduler
    from web.metrics import Metrics

log = logging.getLogger("chatlabel.discord")


class SpeakingTree(app_commands.CommandTree["ChatlabelBot"]):
    """Every slash command, and its error handler, runs in the language of the user who sent it."""

    async def interaction_check(self, interaction: Interaction, /) -> bool:
        await language.speak(interaction)
        return True

    async def on_error(self, interaction: Interaction, error: app_commands.AppCommandError) -> None:
        """What any command raises is answered by the one error handler."""
        await errors.report(interaction, error)


class ChatlabelBot(discord.Client):
    def __init__(self, game: Game, settings: Settings, metrics: Metrics | None = None, **shards: Any) -> None:
        # Slash commands and buttons need no privileged intents; guilds keeps servers and roles cached.
        super().__init__(intents=discord.Intents(guilds=True), **shards)
        self.game, self.settings, self.metrics = game, settings, metrics
        if metrics is not None:
            observe.measure_calls(self, metrics)
            observe.count_rate_limits(metrics)
        self.tree = SpeakingTree(self)
        self.notifier = notifier.Notifier(self)
        self.jobs = jobs.GroupJobs(self)
        self.told_about_roles: set[int] = set()
        # discord.py's own `add_command` takes a command of any binding, parameters and result.
        commands: tuple[app_commands.Command[Any, ..., Any] | app_commands.Group, ...] = (
            *members.COMMANDS,
            *language.COMMANDS,
            *groups.COMMANDS,
            *moderators.COMMANDS,
            *wallet.COMMANDS,
            *campaign.COMMANDS,
        )
        for command in commands:
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(AnswerButton, QuizButton, InstructionsButton, LanguageButton)
        await self.tree.set_translator(CatalogTranslator())  # the menus' descriptions in every language
        if self.shard_id in (None, 0):  # commands are global: one shard syncs them
            await self.sync_commands()

    async def sync_commands(self) -> None:
        """Global commands; servers listed in `discord.command_guilds` get them at once as well."""
        await self.tree.sync()
        for guild_id in self.settings.discord.command_guilds:
            self.tree.copy_global_to(guild=discord.Object(guild_id))
            await self.tree.sync(guild=discord.Object(guild_id))

    async def on_press(self, interaction: Interaction, press: callbacks.Press) -> None:
        """Every `DynamicItem` ends here, so one place catches what a press raises (in the presser's language)."""
        try:
            await language.speak(interaction)
            if isinstance(press, callbacks.AnswerPress):
                await presses.answer(interaction, press)
            elif isinstance(press, callbacks.QuizPress):
                await presses.quiz_answer(interaction, press)
            elif isinstance(press, callbacks.InstructionsPress):
                await presses.instructions(interaction, press)
            elif press.code in texts.LANGUAGES:
                await language.chosen(interaction, press)
            else:
                await presses.refuse(interaction)
        except Exception as exc:
            await errors.report(interaction, exc)

    async def on_interaction(self, interaction: Interaction) -> None:
        """Presses no `DynamicItem` takes (forged, stale, not on the message) get a short private refusal."""
        if self.metrics is not None:
            kind = "press" if interaction.type is discord.InteractionType.component else "command"
            self.metrics.update("discord", kind)
        if interaction.type is discord.InteractionType.component and not presses.is_ours(interaction):
            await language.speak(interaction)
            await presses.refuse(interaction)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Added to a server: it becomes a community (moderators are recorded as they use moderator commands)."""
        await self.game.join_community(community_ref(guild), [])

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.game.leave_community(community_ref(guild))


class ShardedChatlabelBot(ChatlabelBot, discord.AutoShardedClient):
    """The same bot on some of the gateway's shards, so several processes split the servers between them."""


def build_bot(
    game: Game,
    settings: Settings,
    *,
    shard_ids: tuple[int, ...] | None = None,
    shard_count: int | None = None,
    metrics: Metrics | None = None,
) -> ChatlabelBot:
    """Unsharded unless shards are named (`chatlabel run --shard-count N --shard-ids 0,1`)."""
    if shard_ids is None and shard_count is None:
        return ChatlabelBot(game, settings, metrics)
    ids = list(shard_ids) if shard_ids is not None else None
    return ShardedChatlabelBot(game, settings, metrics, shard_ids=ids, shard_count=shard_count)


def schedule(scheduler: Scheduler, bot: ChatlabelBot, settings: Settings) -> None:
    """Notice delivery in every worker (each notice is claimed once); group quiz jobs once across workers."""
    every = settings.schedule

    async def when_ready(step: Job) -> None:
        if bot.is_ready():
            await step()

    scheduler.every("discord_notices", every.notice_poll_seconds, lambda: when_ready(bot.notifier.deliver), once=False)
    scheduler.every("discord_quiz_close", every.quiz_close_seconds, lambda: when_ready(bot.jobs.close_due))
    scheduler.every("discord_daily_quiz", every.daily_quiz_check_seconds, lambda: when_ready(bot.jobs.post_daily))


@asynccontextmanager
async def running(
    bot: ChatlabelBot, token: SecretStr, scheduler: Scheduler | None = None
) -> AsyncIterator[ChatlabelBot]:
    """Run the bot in the caller's event loop (beside Telegram and the scheduler) until the block ends; with a
    scheduler its notice and group quiz jobs are added to it.

    A rejected token or a lost connection is logged and stops only this bot, never the process.
    """
    if scheduler is not None:
        schedule(scheduler, bot, bot.settings)
    task = asyncio.create_task(_start(bot, token.get_secret_value()), name="chatlabel-discord")
    try:
        yield bot
    finally:
        await bot.close()
        await asyncio.wait({task}, timeout=10)


async def _start(bot: ChatlabelBot, token: str) -> None:
    try:
        await bot.start(token)
    except discord.LoginFailure as exc:
        startup.not_started("Discord", exc, rejected=True)
    except Exception:
        log.exception("the Discord bot stopped")
