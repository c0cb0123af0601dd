"""Discord's edge for the real discord.py client, without a gateway connection.

    edge = DiscordEdge()
    bot = await edge.attach(build_bot(...))          # logs in against the recording HTTP edge
    server = edge.guild("Labelers")
    alice = edge.user("alice")
    reply = await edge.slash("play", user=alice, guild=server)
    answered = await edge.press(reply.message, reply.message.custom_ids[0], user=alice)

Interactions are raw `INTERACTION_CREATE` payloads fed to `ConnectionState.parse_interaction_create`,
so the real command tree, views and `DynamicItem`s dispatch them. Responses and follow-ups go through
`RecordingWebhookAdapter`; every other REST call through `RecordingHttp`.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord.webhook.async_ import async_context

from tests.fakes.discord_http import RecordingHttp
from tests.fakes.discord_limits import ATTACHMENT_LIMIT
from tests.fakes.discord_payloads import (
    ALL_PERMISSIONS,
    FakeAttachment,
    FakeGuild,
    FakeUser,
    command_data,
    dm_channel_payload,
    snowflake,
)
from tests.fakes.discord_records import HttpCall, InteractionRecord, RoleChange, SentMessage
from tests.fakes.discord_webhook import RecordingWebhookAdapter
from tests.fakes.discord_world import DiscordWorld


class DiscordEdge:
    """Act as Discord users toward one client and read what the client did."""

    def __init__(self, *, bot_name: str = "chatlabel", timeout: float = 5.0) -> None:
        bot = FakeUser(snowflake(), bot_name, bot=True)
        self.world = DiscordWorld(snowflake(), bot, FakeUser(snowflake(), "app-owner"))
        self.http = RecordingHttp(self.world)
        self.webhook = RecordingWebhookAdapter(self.world)
        self.client: discord.Client | None = None
        self.timeout = timeout
        self.cdn: dict[str, bytes] = {}  # attachment url -> bytes
        self.downloads: list[str] = []  # attachment urls the bot fetched, in order

    async def attach(self, client: discord.Client, *, token: str = "fake-bot-token") -> Any:
        """Route the client's REST calls here and log it in (runs its `setup_hook`)."""
        client.http.request = self.http.request  # type: ignore[method-assign]
        client.http.get_from_cdn = self._from_cdn  # type: ignore[method-assign]
        self.client = client
        await client.login(token)
        for guild in self.world.guilds.values():
            self._cache(guild)
        client._ready.set()  # nothing waits for a gateway READY that will never come
        return client

    async def close(self) -> None:
        if self.client is not None and not self.client.is_closed():
            await self.client.close()

    # --- the world ------------------------------------------------------------------------------
    def user(self, username: str = "alice", *, user_id: int | None = None, locale: str = "en-US") -> FakeUser:
        user = FakeUser(user_id or snowflake(), username, locale=locale)
        self.world.users[user.id] = user
        return user

    def guild(
        self,
        name: str = "Server",
        *,
        owner: FakeUser | None = None,
        channels: tuple[str, ...] = ("general",),
        roles: tuple[str, ...] = (),
        bot_permissions: int = ALL_PERMISSIONS,
    ) -> FakeGuild:
        """A server with text channels and roles; the bot is a member with `bot_permissions`."""
        owner = owner or self.user(f"{name.lower()}-owner")
        guild = FakeGuild(snowflake(), name, owner.id, bot_permissions)
        guild.channels = {channel: snowflake() for channel in channels}
        guild.roles = {role: snowflake() for role in roles}
        guild.member_roles[owner.id] = set()
        self.world.guilds[guild.id] = guild
        self.world.bot_roles[guild.id] = snowflake()
        if self.client is not None and self.client.user is not None:
            self._cache(guild)
        return guild

    def grant(self, guild: FakeGuild, user: FakeUser, permissions: int | discord.Permissions) -> None:
        """Give a member permissions, e.g. `discord.Permissions(manage_guild=True)` for a moderator."""
        value = permissions.value if isinstance(permissions, discord.Permissions) else permissions
        guild.member_permissions[user.id] = value
        guild.member_roles.setdefault(user.id, set())

    def _cache(self, guild: FakeGuild) -> None:
        # What GUILD_CREATE would have put in the client's cache.
        assert self.client is not None
        payload = guild.payload(self.world.bot, self.world.bot_roles[guild.id])
        self.client._connection._add_guild_from_data(payload)  # type: ignore[arg-type]

    async def _from_cdn(self, url: str) -> bytes:
        """Attachment downloads: the bytes of a file a test attached to an option."""
        self.downloads.append(url)
        if url not in self.cdn:
            raise discord.NotFound(_NotFoundResponse(), "404: Not Found")  # type: ignore[arg-type]
        return self.cdn[url]

    def advance(self, seconds: float) -> None:
        """Move the edge's clock: interactions age (3-second response window, 15-minute token)."""
        self.world.clock_offset += seconds

    # --- interactions ---------------------------------------------------------------------------
    def _payload(
        self, kind: int, user: FakeUser, guild: FakeGuild | None, channel_id: int | None, data: dict[str, Any]
    ) -> dict[str, Any]:
        interaction_id = snowflake()
        payload: dict[str, Any] = {
            "id": str(interaction_id),
            "application_id": str(self.world.application_id),
            "type": kind,
            "data": data,
            "token": f"interaction-token-{interaction_id}",
            "version": 1,
            "locale": user.locale,
            "entitlements": [],
            "attachment_size_limit": ATTACHMENT_LIMIT,
        }
        if guild is not None:
            guild.member_roles.setdefault(user.id, set())
            channel_id = channel_id or next(iter(guild.channels.values()))
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": "en-US", "features": []},
                guild_locale="en-US",
                member=guild.member_payload(user),
                channel=guild.channel_payload(channel_id),
                app_permissions=str(guild.bot_permissions),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,  # GUILD
            )
        else:
            channel_id = channel_id or self.world.dm_channel(user)
            payload.update(
                user=user.payload(),
                channel=dm_channel_payload(channel_id, user),
                app_permissions=str(ALL_PERMISSIONS),
                authorizing_integration_owners={"1": str(user.id)},
                context=1,  # BOT_DM
            )
        payload["channel_id"] = str(channel_id)
        return payload

    async def dispatch(self, payload: dict[str, Any], user: FakeUser) -> InteractionRecord:
        """Feed a raw INTERACTION_CREATE to the client and wait for the handlers it started."""
        assert self.client is not None, "attach a client first"
        record = InteractionRecord(int(payload["id"]), payload["token"], payload, user, self.world.now())
        self.world.interactions[record.id] = record
        context = contextvars.copy_context()
        context.run(async_context.set, self.webhook)
        before = asyncio.all_tasks()
        context.run(self.client._connection.parse_interaction_create, payload)  # type: ignore[arg-type]
        spawned = asyncio.all_tasks() - before
        if spawned:
            await asyncio.wait(spawned, timeout=self.timeout)
        return record

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        user: FakeUser,
        guild: FakeGuild | None = None,
        channel: int | str | None = None,
    ) -> InteractionRecord:
        """Run `/name` (or "group sub" for sub-commands) with typed options, in a guild or in DMs."""
        top = name.split()[0]
        tree = self.client._connection._command_tree if self.client else None  # type: ignore[union-attr]
        scoped_to = None
        if guild is not None and tree is not None and tree.get_command(top) is None:
            scoped_to = guild.id if tree.get_command(top, guild=discord.Object(guild.id)) else None
        registered = [c for c in self.world.commands.get(scoped_to, []) if c["name"] == top]
        command_id = int(registered[0]["id"]) if registered else snowflake()
        data = command_data(name, options or {}, command_id, scoped_to, guild)
        self.cdn.update({v.url: v.data for v in (options or {}).values() if isinstance(v, FakeAttachment)})
        channel_id = guild.channels[channel] if guild is not None and isinstance(channel, str) else channel
        return await self.dispatch(self._payload(2, user, guild, channel_id, data), user)  # type: ignore[arg-type]

    async def press(
        self, message: SentMessage, custom_id: str, *, user: FakeUser, forge: bool = False
    ) -> InteractionRecord:
        """Press a button that is on `message` now; `forge=True` sends any custom_id, as a tampered client."""
        if not forge and custom_id not in message.custom_ids:
            raise LookupError(f"no component {custom_id!r} on the message; it has {message.custom_ids}")
        guild = self.world.guilds.get(message.guild_id) if message.guild_id else None
        data = {"custom_id": custom_id, "component_type": 2}
        payload = self._payload(3, user, guild, message.channel_id, data)
        payload["message"] = message.payload()
        return await self.dispatch(payload, user)

    # --- reading --------------------------------------------------------------------------------
    @property
    def interactions(self) -> list[InteractionRecord]:
        return list(self.world.interactions.values())

    def messages(self, channel: int) -> list[SentMessage]:
        """A channel's visible messages as they are now (ephemeral replies are on their interaction)."""
        return [m for m in self.world.channels.get(channel, []) if not m.deleted]

    def dm_messages(self, user: FakeUser) -> list[SentMessage]:
        return self.messages(self.world.dm_channel(user))

    @property
    def calls(self) -> list[HttpCall]:
        return self.world.calls

    @property
    def role_changes(self) -> list[RoleChange]:
        return self.world.role_changes

    @property
    def violations(self) -> list[dict[str, Any]]:
        """Error bodies Discord would have answered; an end-to-end test usually asserts there are none."""
        return self.world.violations

    @property
    def commands(self) -> dict[int | None, list[dict[str, Any]]]:
        """Synced application commands by guild id (None: global)."""
        return self.world.commands


class _NotFoundResponse:
    """The little of aiohttp's response that `discord.NotFound` reads."""

    status, reason = 404, "Not Found"


@pytest.fixture
async def discord_edge() -> AsyncIterator[DiscordEdge]:
    """A Discord edge; `await discord_edge.attach(bot)` before sending interactions."""
    edge = DiscordEdge()
    yield edge
    await edge.close()
