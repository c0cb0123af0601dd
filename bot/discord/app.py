"""`build_bot(game, settings)`: the discord.py client, its slash commands, buttons and notice delivery.

The caller opens the game and passes it in; `await bot.start(token)` runs it in the caller's event loop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
from discord import app_commands
from pydantic import SecretStr

from bot.common import callbacks, startup
from bot.discord import errors, jobs, notifier
from bot.discord.buttons import AnswerButton, QuizButton
from bot.discord.handlers import campaign, groups, members, moderators, presses, wallet
from bot.discord.interaction import Interaction
from bot.discord.users import community_ref
from core.game.game import Game
from core.settings import Settings

log = logging.getLogger("chatlabel.discord")


class ChatlabelBot(discord.Client):
    def __init__(self, game: Game, settings: Settings) -> None:
        # Slash commands and buttons need no privileged intents; guilds keeps servers and roles cached.
        super().__init__(intents=discord.Intents(guilds=True))
        self.game, self.settings = game, settings
        self.tree = app_commands.CommandTree(self)
        self.tree.on_error = errors.on_command_error  # type: ignore[method-assign]
        self.notifier = notifier.Notifier(self)
        self.jobs = jobs.GroupJobs(self)
        self.told_about_roles: set[int] = set()
        commands = (*members.COMMANDS, *groups.COMMANDS, *moderators.COMMANDS, *wallet.COMMANDS, *campaign.COMMANDS)
        for command in commands:
            self.tree.add_command(command)

    async def setup_hook(self) -> None:
        self.add_dynamic_items(AnswerButton, QuizButton)
        await self.sync_commands()
        self.notifier.start()
        self.jobs.start()

    async def sync_commands(self) -> None:
        """Global commands; servers listed in `discord.command_guilds` get them at once as well."""
        await self.tree.sync()
        for guild_id in self.settings.discord.command_guilds:
            self.tree.copy_global_to(guild=discord.Object(guild_id))
            await self.tree.sync(guild=discord.Object(guild_id))

    async def on_press(self, interaction: Interaction, press: callbacks.AnswerPress | callbacks.QuizPress) -> None:
        """Every `DynamicItem` ends here, so one place catches what a press raises."""
        try:
            if isinstance(press, callbacks.AnswerPress):
                await presses.answer(interaction, press)
            else:
                await presses.quiz_answer(interaction, press)
        except Exception as exc:
            await errors.report(interaction, exc)

    async def on_interaction(self, interaction: Interaction) -> None:
        """Presses no `DynamicItem` takes (forged, stale, not on the message) get a short private refusal."""
        if interaction.type is discord.InteractionType.component and not presses.is_ours(interaction):
            await presses.refuse(interaction)

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Added to a server: it becomes a community (moderators are recorded as they use moderator commands)."""
        await self.game.join_community(community_ref(guild), [])

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.game.leave_community(community_ref(guild))

    async def close(self) -> None:
        await self.jobs.stop()
        await self.notifier.stop()
        await super().close()


def build_bot(game: Game, settings: Settings) -> ChatlabelBot:
    return ChatlabelBot(game, settings)


@asynccontextmanager
async def running(bot: ChatlabelBot, token: SecretStr) -> AsyncIterator[ChatlabelBot]:
    """Run the bot in the caller's event loop (beside Telegram and the scheduler) until the block ends.

    A rejected token or a lost connection is logged and stops only this bot, never the process.
    """
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
