"""Discord API object shapes (https://discord.com/developers/docs/resources) for the fake edge.

Only the fields discord.py reads are filled in; ids are snowflake strings as on the wire.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
_sequence = itertools.count(1)
ALL_PERMISSIONS = (1 << 53) - 1


def snowflake() -> int:
    """A fresh id whose timestamp is now, as Discord's ids are (#snowflakes)."""
    return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_sequence) & 0x3FFFFF)


def iso_now() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(frozen=True)
class FakeUser:
    """A Discord account a test acts as."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    locale: str = "en-US"  # the language of the user's Discord client, sent with each interaction

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name or self.username.title(),
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass
class FakeGuild:
    """A server: its roles, text channels, who has which role and permissions, what the bot may do."""

    id: int
    name: str
    owner_id: int
    bot_permissions: int = ALL_PERMISSIONS
    roles: dict[str, int] = field(default_factory=dict)  # role name -> id, "@everyone" is the guild id
    channels: dict[str, int] = field(default_factory=dict)  # channel name -> id
    member_roles: dict[int, set[int]] = field(default_factory=dict)
    member_permissions: dict[int, int] = field(default_factory=dict)

    def permissions_of(self, user_id: int) -> int:
        # The guild owner has every permission; others get what the test granted (#permissions).
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        return self.member_permissions.get(user_id, 0)

    def role_payload(self, name: str, role_id: int, position: int, permissions: int = 0) -> dict[str, Any]:
        return {
            "id": str(role_id),
            "name": name,
            "color": 0,
            "hoist": False,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def channel_payload(self, channel_id: int) -> dict[str, Any]:
        name = next(n for n, i in self.channels.items() if i == channel_id)
        return {
            "id": str(channel_id),
            "type": 0,  # GUILD_TEXT
            "guild_id": str(self.id),
            "name": name,
            "position": list(self.channels.values()).index(channel_id),
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def member_payload(self, user: FakeUser) -> dict[str, Any]:
        return {
            "user": user.payload(),
            "roles": [str(r) for r in sorted(self.member_roles.get(user.id, set()))],
            "joined_at": iso_now(),
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "nick": None,
            "avatar": None,
            "permissions": str(self.permissions_of(user.id)),
        }

    def payload(self, bot: FakeUser, bot_role_id: int) -> dict[str, Any]:
        """A GUILD_CREATE-like guild object with the bot as a member holding its own role."""
        roles = [self.role_payload("@everyone", self.id, 0)]
        roles += [self.role_payload(n, i, p + 1) for p, (n, i) in enumerate(self.roles.items()) if i != self.id]
        roles.append(self.role_payload(bot.username, bot_role_id, len(roles) + 1, self.bot_permissions))
        bot_member = {**self.member_payload(bot), "roles": [str(bot_role_id)]}
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "owner_id": str(self.owner_id),
            "roles": roles,
            "channels": [self.channel_payload(i) for i in self.channels.values()],
            "members": [bot_member],
            "member_count": len(self.member_roles) + 1,
            "features": [],
            "emojis": [],
            "stickers": [],
            "unavailable": False,
            "large": False,
            "premium_tier": 0,
            "preferred_locale": "en-US",
        }


def dm_channel_payload(channel_id: int, user: FakeUser) -> dict[str, Any]:
    return {"id": str(channel_id), "type": 1, "recipients": [user.payload()], "last_message_id": None}


def app_info_payload(application_id: int, bot: FakeUser, owner: FakeUser) -> dict[str, Any]:
    """GET /oauth2/applications/@me (#get-current-application)."""
    return {
        "id": str(application_id),
        "name": bot.username,
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": owner.payload(),
        "summary": "",
        "verify_key": "0" * 64,
        "flags": 0,
        "bot": bot.payload(),
    }


@dataclass(frozen=True)
class FakeAttachment:
    """A file a user attaches to a slash-command option; the bot downloads `data` from `url`."""

    filename: str
    data: bytes
    size: int | None = None  # what Discord reports; defaults to len(data)
    id: int = field(default_factory=snowflake)

    @property
    def url(self) -> str:
        return f"https://cdn.discordapp.com/ephemeral-attachments/1/{self.id}/{self.filename}"

    def payload(self) -> dict[str, Any]:
        size = len(self.data) if self.size is None else self.size
        return {"id": str(self.id), "filename": self.filename, "size": size, "url": self.url, "proxy_url": self.url}


def option_payload(name: str, value: Any) -> dict[str, Any]:
    """One command option; the type follows the value (#application-command-object-option-type)."""
    if isinstance(value, FakeUser):
        return {"name": name, "type": 6, "value": str(value.id)}
    if isinstance(value, FakeAttachment):
        return {"name": name, "type": 11, "value": str(value.id)}
    kind = 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 10 if isinstance(value, float) else 3
    return {"name": name, "type": kind, "value": value}


def command_data(
    name: str, options: dict[str, Any], command_id: int, guild_id: int | None, guild: FakeGuild | None
) -> dict[str, Any]:
    """`data` of an APPLICATION_COMMAND interaction; "campaign new" nests a sub-command (type 1),
    "a b c" a sub-command inside a group (type 2)."""
    top, *path = name.split()
    leaf: list[dict[str, Any]] = [option_payload(k, v) for k, v in options.items()]
    for depth, part in reversed(list(enumerate(path))):
        leaf = [{"name": part, "type": 2 if depth < len(path) - 1 else 1, "options": leaf}]
    data: dict[str, Any] = {"id": str(command_id), "name": top, "type": 1, "options": leaf}
    users = [v for v in options.values() if isinstance(v, FakeUser)]
    if users:
        data["resolved"] = {"users": {str(u.id): u.payload() for u in users}}
        if guild is not None:
            members = {str(u.id): _resolved_member(guild, u) for u in users}
            data["resolved"]["members"] = members
    files = [v for v in options.values() if isinstance(v, FakeAttachment)]
    if files:
        data.setdefault("resolved", {})["attachments"] = {str(f.id): f.payload() for f in files}
    if guild_id is not None:
        data["guild_id"] = str(guild_id)
    return data


def _resolved_member(guild: FakeGuild, user: FakeUser) -> dict[str, Any]:
    member = guild.member_payload(user)
    del member["user"]  # resolved members come without the user object (#resolved-data-structure)
    return member
