"""The HTTP edge: stands in for `discord.http.HTTPClient.request`, records each call, answers documented shapes.

Every REST helper of discord.py (`send_message`, `add_role`, `bulk_upsert_global_commands` ...) builds a
`Route` and calls `request`, so replacing that one coroutine covers them all.
"""

from __future__ import annotations

import json
from typing import Any

from tests.fakes.discord_limits import DiscordApiError, check_files, check_message
from tests.fakes.discord_payloads import app_info_payload, dm_channel_payload, snowflake
from tests.fakes.discord_records import HttpCall, RoleChange
from tests.fakes.discord_world import DiscordWorld, read_files, route_params

MANAGE_ROLES = 1 << 28


def _body(kwargs: dict[str, Any], form: Any) -> Any:
    if form:
        for part in form:
            if part.get("name") == "payload_json":
                return json.loads(part["value"])
    return kwargs.get("json")


class RecordingHttp:
    """`request(route, *, files, form, json, reason, params)` answered from the world's state."""

    def __init__(self, world: DiscordWorld) -> None:
        self.world = world

    async def request(self, route: Any, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
        body = _body(kwargs, form)
        call = HttpCall(route.method, route.path, body, kwargs.get("reason"), read_files(files))
        self.world.calls.append(call)
        try:
            return self._answer(route.method, route.path, route_params(route), body or {}, call)
        except DiscordApiError as error:
            call.error = error.body()
            raise self.world.fail(error) from None

    def _answer(self, method: str, path: str, p: dict[str, str], body: Any, call: HttpCall) -> Any:
        world = self.world
        key = (method, path)
        if key == ("GET", "/users/@me"):
            return world.bot.payload()
        if key == ("GET", "/oauth2/applications/@me"):
            return app_info_payload(world.application_id, world.bot, world.owner)
        if path.startswith("/applications/{application_id}") and "commands" in path:
            return self._commands(method, p, body)
        if key == ("POST", "/users/@me/channels"):
            user = world.users[int(body["recipient_id"])]
            return dm_channel_payload(world.dm_channel(user), user)
        if key == ("POST", "/channels/{channel_id}/typing"):
            return None
        if key == ("POST", "/channels/{channel_id}/messages"):
            channel_id = int(p["channel_id"])
            if not world.known_channel(channel_id):
                raise DiscordApiError(404, 10003, "Unknown Channel")
            check_message(body, creating=True, has_files=bool(call.files))
            check_files(call.files)
            message = world.new_message(channel_id)
            message.apply(body, call.files, edit=False)
            return message.payload()
        if key == ("PATCH", "/channels/{channel_id}/messages/{message_id}"):
            check_message(body, creating=False)
            message = world.find_message(int(p["channel_id"]), int(p["message_id"]))
            message.apply(body, call.files, edit=True)
            return message.payload()
        if key == ("DELETE", "/channels/{channel_id}/messages/{message_id}"):
            world.find_message(int(p["channel_id"]), int(p["message_id"])).deleted = True
            return None
        if path == "/guilds/{guild_id}/members/{user_id}/roles/{role_id}":
            return self._role(method == "PUT", p, call.reason)
        if key == ("GET", "/guilds/{guild_id}/members/{user_id}"):
            guild = self._guild(p)
            user = world.users.get(int(p["user_id"]))
            if user is None or user.id not in guild.member_roles:
                raise DiscordApiError(404, 10007, "Unknown Member")
            return guild.member_payload(user)
        if key == ("GET", "/channels/{channel_id}"):
            guild_id = world.channel_guild(int(p["channel_id"]))
            if guild_id is None:
                raise DiscordApiError(404, 10003, "Unknown Channel")
            return world.guilds[guild_id].channel_payload(int(p["channel_id"]))
        # Anything else is outside what the fake knows: fail loudly rather than answer a wrong shape.
        raise DiscordApiError(404, 0, f"the fake Discord edge does not answer {method} {path}")

    def _guild(self, p: dict[str, str]) -> Any:
        guild = self.world.guilds.get(int(p["guild_id"]))
        if guild is None:
            raise DiscordApiError(404, 10004, "Unknown Guild")
        return guild

    def _role(self, add: bool, p: dict[str, str], reason: str | None) -> None:
        guild = self._guild(p)
        role_id, user_id = int(p["role_id"]), int(p["user_id"])
        if role_id not in guild.roles.values():
            raise DiscordApiError(404, 10011, "Unknown Role")
        # Changing roles needs Manage Roles (#add-guild-member-role); otherwise 50013.
        if not guild.bot_permissions & MANAGE_ROLES:
            raise DiscordApiError(403, 50013, "Missing Permissions")
        roles = guild.member_roles.setdefault(user_id, set())
        if add:
            roles.add(role_id)
        else:
            roles.discard(role_id)
        self.world.role_changes.append(RoleChange(guild.id, user_id, role_id, add, reason))
        return None

    def _commands(self, method: str, p: dict[str, str], body: Any) -> Any:
        guild_id = int(p["guild_id"]) if "guild_id" in p else None
        if method == "PUT":
            # Bulk overwrite returns the commands with their new ids (#bulk-overwrite-global-application-commands).
            registered = [
                {**c, "id": str(snowflake()), "application_id": str(self.world.application_id), "version": "1"}
                for c in body or []
            ]
            if guild_id is not None:
                for command in registered:
                    command["guild_id"] = str(guild_id)
            self.world.commands[guild_id] = registered
            return registered
        if method == "GET":
            return self.world.commands.get(guild_id, [])
        raise DiscordApiError(404, 0, f"the fake Discord edge does not answer {method} commands")
