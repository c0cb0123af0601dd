"""Member commands, the same names and meanings as on Telegram (`texts.COMMANDS`): parse, call the core, render."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from discord import app_commands
from discord.app_commands.commands import CommandCallback, GroupT

from bot.common import texts
from bot.common.cards.leaderboard import leaderboard_card
from bot.common.cards.profile import profile_card
from bot.common.views import Reply
from bot.discord import render, roles
from bot.discord.interaction import Interaction
from bot.discord.tasks import send_task
from bot.discord.timing import in_time
from bot.discord.users import community, to_user
from core.types import BoardScope

P = ParamSpec("P")
T = TypeVar("T")
DESCRIPTIONS = dict(texts.COMMANDS) | texts.DISCORD_USAGE  # Discord's own syntax where a command has options


def described(name: str) -> Callable[[CommandCallback[GroupT, P, T]], app_commands.Command[GroupT, P, T]]:
    """`app_commands.command` with the command's help line, in Discord's syntax where it has options."""
    return app_commands.command(name=name, description=render.clip(DESCRIPTIONS[name], 100))


@described("start")
@app_commands.describe(code=texts.OPTION_HELP["code"])
async def start(interaction: Interaction, code: app_commands.Range[str, 1, 32] | None = None) -> None:
    """Join (or rejoin), optionally through a friend's invite code; the first task follows."""
    started = interaction.client.game.start(to_user(interaction.user), code, interaction.locale.value)
    welcome = await in_time(interaction, started)
    await render.send(interaction, Reply(texts.welcome(welcome)))
    if welcome.prompt is not None:
        await send_task(interaction, to_user(interaction.user), welcome.prompt)
    if interaction.guild is not None:
        await roles.follow_level(interaction.client, interaction.user, welcome.progress.level)


@described("play")
async def play(interaction: Interaction) -> None:
    """The player's open task, or a new one."""
    user = to_user(interaction.user)
    await send_task(interaction, user, await in_time(interaction, interaction.client.game.next_task(user)))


@described("checkin")
async def checkin(interaction: Interaction) -> None:
    """Today's check-in."""
    facts = await in_time(interaction, interaction.client.game.check_in(to_user(interaction.user)))
    await render.send(interaction, Reply(texts.check_in(facts)))


@described("profile")
async def profile(interaction: Interaction) -> None:
    """The profile card (drawn off the event loop) with the same facts as text."""
    facts = await in_time(interaction, interaction.client.game.profile(to_user(interaction.user)))
    card = await in_time(interaction, asyncio.to_thread(profile_card, facts))
    await render.send(interaction, Reply(texts.profile(facts), image=card))


@described("top")
@app_commands.describe(scope=texts.OPTION_HELP["scope"])
async def top(interaction: Interaction, scope: BoardScope = "all") -> None:
    """The leaderboard; the server's own one is shown to everyone in the channel."""
    where = community(interaction.guild)
    scope = scope if where is not None or scope != "community" else "all"
    work = interaction.client.game.leaderboard(to_user(interaction.user), scope=scope, community=where)
    board = await in_time(interaction, work, private=scope != "community")
    card = await in_time(interaction, asyncio.to_thread(leaderboard_card, board))
    await render.send(interaction, Reply(texts.leaderboard(board), image=card, private=scope != "community"))


@described("invite")
async def invite(interaction: Interaction) -> None:
    """The player's invite code, and how to use it on Discord (there are no deep links into a bot)."""
    facts = await in_time(interaction, interaction.client.game.invite(to_user(interaction.user)))
    client = interaction.client
    install = client.settings.discord.install_url or texts.install_link(client.application_id)
    link = texts.invite_command(facts.code, install)
    await render.send(interaction, Reply(texts.invite(facts, link)))


@described("link")
@app_commands.describe(code=texts.OPTION_HELP["link_code"])
async def link(interaction: Interaction, code: app_commands.Range[str, 1, 32] | None = None) -> None:
    """Without a code: a one-time code for the other platform. With one: attach this identity to that account."""
    game, user = interaction.client.game, to_user(interaction.user)
    if code is None:
        made = await in_time(interaction, game.create_link_code(user))
        minutes = interaction.client.settings.link.code_ttl_minutes
        await render.send(interaction, Reply(texts.link_code(made.code, minutes)))
        return
    linked = await in_time(interaction, game.link(user, code.strip()))
    await render.send(interaction, Reply(texts.linked(linked.platforms)))


@described("why")
@app_commands.describe(task=texts.WHY_OPTION)
async def why(interaction: Interaction, task: app_commands.Range[int, 1, 2**31 - 1]) -> None:
    """The receipt of one of the player's settled answers."""
    facts = await in_time(interaction, interaction.client.game.why(to_user(interaction.user), task))
    await render.send(interaction, Reply(texts.why(facts)))


@described("appeal")
@app_commands.describe(campaign=texts.APPEAL_OPTION)
async def appeal(interaction: Interaction, campaign: app_commands.Range[int, 1, 2**31 - 1]) -> None:
    """Ask a campaign's moderators to review the player's suspension."""
    facts = await in_time(interaction, interaction.client.game.appeal(to_user(interaction.user), campaign))
    await render.send(interaction, Reply(texts.appeal_sent(facts)))


@described("help")
async def help_(interaction: Interaction) -> None:
    """Every command with one line."""
    await render.send(interaction, Reply(texts.discord_help_text()))


COMMANDS: tuple[app_commands.Command[Any, ..., Any], ...] = (
    start,
    play,
    checkin,
    profile,
    top,
    invite,
    link,
    why,
    appeal,
    help_,
)
