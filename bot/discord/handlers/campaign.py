"""The `/campaign` group for admins (and a server's moderators for its own campaigns), as on Telegram.

Options are typed, then read by the same `campaign_args` constructors Telegram's parser uses. Uploads and
exports acknowledge the interaction first (defer), since an import or an export may outlast Discord's 3 seconds.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import discord
from discord import app_commands

from bot.common import campaign_args, campaigns, texts
from bot.common.campaign_args import Act, Command
from bot.common.progress import ChatProgress
from bot.discord import render
from bot.discord.moderation import asker
from bot.discord.timing import in_time
from bot.discord.users import community, to_user
from core.types import ExportFormat, TaskKind

Interaction = discord.Interaction[Any]
SEND_LIMIT = 25 * 1024 * 1024  # Discord's attachment cap for bots; a server's own limit may be lower
Name = app_commands.Range[str, 1, 80]
HELP, SUB = texts.OPTION_HELP, texts.CAMPAIGN_SUBCOMMANDS


def choices_of(enum: type[StrEnum]) -> list[app_commands.Choice[str]]:
    """An option's choices named and sent as the enum's values, so the list follows the enum."""
    return [app_commands.Choice(name=member.value, value=member.value) for member in enum]


group = app_commands.Group(name="campaign", description=render.clip(dict(texts.COMMANDS)["campaign"], 100))


async def run(interaction: Interaction, parsed: Command) -> None:
    """Shared by the sub-commands that answer with a message (and, for stats, the chart)."""
    where = community(interaction.guild)
    game, user = interaction.client.game, to_user(interaction.user)
    reply = await in_time(interaction, campaigns.run(game, user, parsed, where, asker(interaction)))
    await render.send(interaction, reply)


@group.command(name="new", description=SUB["new"])
@app_commands.describe(name=HELP["name"], kind=HELP["kind"], question=HELP["question"], choices=HELP["choices"])
@app_commands.choices(kind=choices_of(TaskKind))
async def new(
    interaction: Interaction, name: Name, kind: str, question: app_commands.Range[str, 1, 300], choices: str
) -> None:
    """A draft campaign; in a server it belongs to that server."""
    await run(interaction, campaign_args.new(name, kind, question, choices))


@group.command(name="set", description=SUB["set"])
@app_commands.describe(campaign=HELP["campaign"], field=HELP["field"], value=HELP["value"])
async def set_(interaction: Interaction, campaign: Name, field: Name, value: str) -> None:
    """Change one term (gold_rate, min_overlap, deadline ...); the core checks the value."""
    await run(interaction, campaign_args.Set(campaign_args.ref(campaign), field.lower(), value))


def act(action: campaign_args.Action) -> None:
    """start, pause, resume, close and stats take just the campaign."""

    @group.command(name=action, description=SUB[action])
    @app_commands.describe(campaign=HELP["campaign"])
    async def command(interaction: Interaction, campaign: Name) -> None:
        await run(interaction, Act(action, campaign_args.ref(campaign)))


for _action in ("start", "pause", "resume", "close", "stats"):
    act(_action)


@group.command(name="gold", description=SUB["gold"])
@app_commands.describe(campaign=HELP["campaign"], item=HELP["item"], answer=HELP["answer"])
async def gold(interaction: Interaction, campaign: Name, item: Name, answer: Name | None = None) -> None:
    """Retire a gold item, or (with an answer) correct its known answer."""
    await run(interaction, campaign_args.Gold(campaign_args.ref(campaign), item, answer))


@group.command(name="upload", description=SUB["upload"])
@app_commands.describe(campaign=HELP["campaign"], pack=HELP["pack"])
async def upload(interaction: Interaction, campaign: Name, pack: discord.Attachment) -> None:
    """Checked by name and size before download, saved under a generated name, imported."""
    game, user, progress = interaction.client.game, to_user(interaction.user), ChatProgress(texts.IMPORTING)
    ref = campaign_args.ref(campaign)
    await in_time(interaction, campaigns.allowed(game, user, ref, "import", asker(interaction)))  # before the download
    form = campaigns.pack_form(pack.filename, pack.size)
    await defer(interaction)
    path = campaigns.upload_path(interaction.client.settings, form)
    await pack.save(path)
    async with progress.following(await render.progress_message(interaction, progress.text())):
        reply = await campaigns.import_upload(game, user, ref, path, form, progress)
    await render.send(interaction, reply)


@group.command(name="export", description=SUB["export"])
@app_commands.describe(campaign=HELP["campaign"], format=HELP["format"])
@app_commands.choices(format=choices_of(ExportFormat))
async def export(interaction: Interaction, campaign: Name, format: str = ExportFormat.CSV.value) -> None:
    """The file as an attachment, or a sentence when it is over the size a bot may send here."""
    parsed = campaign_args.export(campaign, format)
    game, user, progress = interaction.client.game, to_user(interaction.user), ChatProgress(texts.EXPORTING)
    await in_time(interaction, campaigns.allowed(game, user, parsed.campaign, "export", asker(interaction)))
    await defer(interaction)
    async with progress.following(await render.progress_message(interaction, progress.text())):
        result = await game.campaigns.export(user, parsed.campaign, parsed.format, progress=progress)
    limit = min(SEND_LIMIT, interaction.filesize_limit)
    if result.bytes > limit:
        await interaction.followup.send(texts.export_too_big(result, limit // 2**20), ephemeral=True)
        return
    file = discord.File(result.path, filename=result.path.name)
    await interaction.followup.send(texts.exported(result), file=file, ephemeral=True)


async def defer(interaction: Interaction) -> None:
    """The "thinking…" message the progress fills in (the checks before may have deferred already)."""
    if not interaction.response.is_done():
        await interaction.response.defer(ephemeral=True, thinking=True)


COMMANDS: tuple[app_commands.Group, ...] = (group,)
