"""The Discord edge driving a real discord.py bot: a slash command and a DynamicItem button."""

from __future__ import annotations

import re

import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.http import Route
from discord.webhook.async_ import interaction_response_params

from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_limits import DiscordApiError, check_message
from tests.fakes.discord_payloads import FakeGuild, FakeUser


class Choice(discord.ui.DynamicItem[discord.ui.Button], template=r"a:(?P<task>\d+):(?P<choice>\w+)"):
    """A choice button whose state lives in its custom_id."""

    def __init__(self, task: int, choice: str) -> None:
        super().__init__(discord.ui.Button(label=choice, custom_id=f"a:{task}:{choice}"))
        self.task, self.choice = task, choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> Choice:
        return cls(int(match["task"]), match["choice"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"You chose {self.choice}", view=None)


def build_bot(edge: DiscordEdge, failures: list[Exception]) -> commands.Bot:
    bot = commands.Bot(command_prefix="!", intents=discord.Intents.none())

    @bot.tree.command(name="play", description="Get a task")
    async def play(interaction: discord.Interaction, level: int = 1) -> None:
        view = discord.ui.View(timeout=None)
        view.add_item(Choice(1, "bot"))
        view.add_item(Choice(1, "human"))
        await interaction.response.send_message(f"Level {level}: bot or not?", view=view)

    @bot.tree.command(name="slow", description="Answers late")
    async def slow(interaction: discord.Interaction, defer: bool = False) -> None:
        if defer:
            await interaction.response.defer(ephemeral=True, thinking=True)
            await interaction.followup.send("x" * 2001)
        edge.advance(3.5)  # the handler took longer than Discord waits
        await interaction.response.send_message("too late")

    @bot.tree.command(name="later", description="Defers, then answers")
    async def later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.followup.send("ready")
        await interaction.followup.send("and more", ephemeral=True)

    @bot.tree.command(name="promote", description="Give the level role")
    async def promote(interaction: discord.Interaction, member: discord.Member) -> None:
        role = interaction.guild.get_role(edge.world.guilds[interaction.guild_id].roles["Level 2"])
        await member.add_roles(role, reason="level up")
        await interaction.response.send_message("done", ephemeral=True)

    @bot.tree.error
    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        failures.append(error.original if isinstance(error, app_commands.CommandInvokeError) else error)

    async def setup_hook() -> None:
        bot.add_dynamic_items(Choice)
        await bot.tree.sync()

    bot.setup_hook = setup_hook
    return bot


@pytest.fixture
async def world(discord_edge: DiscordEdge) -> tuple[DiscordEdge, list[Exception], FakeGuild, FakeUser]:
    failures: list[Exception] = []
    server = discord_edge.guild("Labelers", roles=("Level 2",))
    await discord_edge.attach(build_bot(discord_edge, failures))
    return discord_edge, failures, server, discord_edge.user("alice")


async def test_slash_then_press_updates_the_message(world) -> None:
    edge, failures, server, alice = world
    assert [c["name"] for c in edge.commands[None]] == ["play", "slow", "later", "promote"]

    asked = await edge.slash("play", {"level": 2}, user=alice, guild=server)
    assert asked.response_type == 4 and asked.responded_after < 3
    task = asked.message
    assert task.content == "Level 2: bot or not?" and task.custom_ids == ["a:1:bot", "a:1:human"]
    assert edge.messages(server.channels["general"]) == [task]

    pressed = await edge.press(task, "a:1:human", user=alice)
    assert pressed.response_type == 7
    assert task.content == "You chose human" and task.components == []
    assert task.edits[0]["content"] == "Level 2: bot or not?"
    with pytest.raises(LookupError):
        await edge.press(task, "a:1:bot", user=alice)  # the buttons are gone
    assert failures == [] and edge.violations == []


async def test_followups_after_defer(world) -> None:
    edge, failures, server, alice = world
    later = await edge.slash("later", user=alice, guild=server)
    assert later.response_type == 5 and later.original.content == "ready"  # the loading message, filled
    [extra] = later.followups
    assert extra.ephemeral and edge.messages(server.channels["general"]) == [later.original]
    assert failures == [] and edge.violations == []


async def test_dm_and_forged_custom_id(world) -> None:
    edge, _, _, alice = world
    asked = await edge.slash("play", user=alice)
    assert asked.message in edge.dm_messages(alice)
    forged = await edge.press(asked.message, "a:999999999999:nope" + "x" * 100, user=alice, forge=True)
    assert not forged.responded  # no item matched: Discord would show "interaction failed"


async def test_three_second_window_and_limits(world) -> None:
    edge, failures, server, alice = world
    late = await edge.slash("slow", user=alice, guild=server)
    assert not late.responded and late.errors[0]["code"] == 10062
    assert isinstance(failures[0], discord.NotFound)

    deferred = await edge.slash("slow", {"defer": True}, user=alice, guild=server)
    assert deferred.response_type == 5 and deferred.original.ephemeral
    assert isinstance(failures[1], discord.HTTPException) and failures[1].code == 50035
    assert "Must be 2000 or fewer in length" in str(failures[1])

    with pytest.raises(discord.HTTPException, match="already been acknowledged"):
        answered = await edge.slash("play", user=alice, guild=server)
        params = interaction_response_params(4, {"content": "again"})
        await edge.webhook.create_interaction_response(answered.id, answered.token, session=None, params=params)

    channel = server.channels["general"]
    long_id = {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "c" * 101}]}
    with pytest.raises(discord.HTTPException, match="Must be 100 or fewer in length"):
        await edge.client.http.request(
            Route("POST", "/channels/{channel_id}/messages", channel_id=channel), json={"components": [long_id]}
        )
    assert [v["code"] for v in edge.violations] == [10062, 50035, 40060, 50035]


async def test_roles_and_missing_permissions(discord_edge: DiscordEdge) -> None:
    failures: list[Exception] = []
    server = discord_edge.guild("Labelers", roles=("Level 2",))
    weak = discord_edge.guild("Weak", roles=("Level 2",), bot_permissions=0)
    await discord_edge.attach(build_bot(discord_edge, failures))
    alice, bob = discord_edge.user("alice"), discord_edge.user("bob")
    discord_edge.grant(server, alice, discord.Permissions(manage_guild=True))

    done = await discord_edge.slash("promote", {"member": bob}, user=alice, guild=server)
    assert done.message.ephemeral and done.message not in discord_edge.messages(server.channels["general"])
    [change] = discord_edge.role_changes
    assert (change.user_id, change.role_id, change.added) == (bob.id, server.roles["Level 2"], True)

    await discord_edge.slash("promote", {"member": bob}, user=alice, guild=weak)
    assert isinstance(failures[0], discord.Forbidden) and failures[0].code == 50013


def test_embed_limits() -> None:
    with pytest.raises(DiscordApiError) as caught:
        check_message({"embeds": [{"title": "t" * 257, "description": "d" * 4096}]}, creating=True)
    assert caught.value.errors["embeds"]["0"]["title"]["_errors"][0]["code"] == "BASE_TYPE_MAX_LENGTH"
    with pytest.raises(DiscordApiError) as caught:
        check_message({"embeds": [{"description": "d" * 4000}, {"description": "d" * 2001}]}, creating=True)
    assert caught.value.errors["embeds"]["_errors"][0]["code"] == "MAX_EMBED_SIZE_EXCEEDED"
    six_rows = [{"type": 1, "components": [{"type": 2, "style": 1, "custom_id": f"r{i}"}]} for i in range(6)]
    with pytest.raises(DiscordApiError):
        check_message({"components": six_rows}, creating=True)
    with pytest.raises(DiscordApiError, match="Cannot send an empty message"):
        check_message({}, creating=True)
