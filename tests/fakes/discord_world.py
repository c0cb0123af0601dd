"""The state behind the fake Discord edge, shared by the HTTP edge and the webhook adapter."""

from __future__ import annotations

import re
import time
from typing import Any

import discord

from tests.fakes.discord_limits import DiscordApiError
from tests.fakes.discord_payloads import FakeGuild, FakeUser, snowflake
from tests.fakes.discord_records import HttpCall, InteractionRecord, RoleChange, SentMessage

API_BASE = re.compile(r"^https://discord\.com/api/v\d+")


def route_params(route: Any) -> dict[str, str]:
    """The values a Route filled into its path template, e.g. {"channel_id": "123"}."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route.path))
    match = re.fullmatch(pattern, API_BASE.sub("", route.url))
    return match.groupdict() if match else {}


def read_files(files: Any) -> dict[str, bytes]:
    read: dict[str, bytes] = {}
    for file in files or []:
        read[file.filename] = file.fp.read()
        file.reset()
    return read


class DiscordWorld:
    """Bot identity, guilds, channels with their messages, interactions, and every recorded call."""

    def __init__(self, application_id: int, bot: FakeUser, owner: FakeUser) -> None:
        self.application_id = application_id
        self.bot = bot
        self.owner = owner
        self.clock_offset = 0.0
        self.guilds: dict[int, FakeGuild] = {}
        self.bot_roles: dict[int, int] = {}  # guild id -> the bot's own role
        self.users: dict[int, FakeUser] = {bot.id: bot, owner.id: owner}
        self.dm_channels: dict[int, int] = {}  # user id -> DM channel id
        self.channels: dict[int, list[SentMessage]] = {}
        self.interactions: dict[int, InteractionRecord] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}  # guild id (None: global) -> commands
        self.calls: list[HttpCall] = []
        self.role_changes: list[RoleChange] = []
        self.violations: list[dict[str, Any]] = []  # every error body the bot was answered with
        # Users who do not accept DMs from the bot (Discord answers 50007), and how many sends a passing
        # outage still refuses with 503.
        self.closed_dms: set[int] = set()
        self.outages = 0
        # How many coming uploads are refused as too large (413, 40005), whatever their size: a test's way to
        # have Discord refuse a task's picture now that tasks carry a card of bounded size.
        self.refused_uploads = 0

    def now(self) -> float:
        return time.monotonic() + self.clock_offset

    def take_refusal(self, files: dict[str, bytes]) -> bool:
        """Whether this upload is one a test asked to be refused (counted down only by uploads)."""
        if not files or not self.refused_uploads:
            return False
        self.refused_uploads -= 1
        return True

    def fail(self, error: DiscordApiError) -> discord.HTTPException:
        self.violations.append(error.body())
        return error.to_exception()

    def channel_guild(self, channel_id: int) -> int | None:
        for guild in self.guilds.values():
            if channel_id in guild.channels.values():
                return guild.id
        return None

    def known_channel(self, channel_id: int) -> bool:
        return channel_id in self.channels or self.channel_guild(channel_id) is not None

    def dm_channel(self, user: FakeUser) -> int:
        if user.id not in self.dm_channels:
            self.dm_channels[user.id] = snowflake()
            self.channels.setdefault(self.dm_channels[user.id], [])
        return self.dm_channels[user.id]

    def new_message(self, channel_id: int, *, interaction_id: int | None = None, visible: bool = True) -> SentMessage:
        """A message by the bot; ephemeral ones are kept off the channel's list (only one user sees them)."""
        message = SentMessage(
            snowflake(), channel_id, self.channel_guild(channel_id), self.bot, interaction_id=interaction_id
        )
        if visible:
            self.channels.setdefault(channel_id, []).append(message)
        return message

    def find_message(self, channel_id: int, message_id: int) -> SentMessage:
        for message in self.channels.get(channel_id, []):
            if message.id == message_id and not message.deleted:
                return message
        raise self.fail(DiscordApiError(404, 10008, "Unknown Message"))
