"""What the Discord edge records: messages as they are now, interactions and how they were answered."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.discord_payloads import FakeUser, iso_now

EPHEMERAL = 1 << 6  # message flag (#message-object-message-flags)
LOADING = 1 << 7


@dataclass
class SentMessage:
    """A message the bot made (channel message, interaction response or follow-up)."""

    id: int
    channel_id: int
    guild_id: int | None
    author: FakeUser
    content: str | None = None
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    attachments: dict[str, bytes] = field(default_factory=dict)  # filename -> bytes
    interaction_id: int | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for row in self.components for c in row.get("components", []) if "custom_id" in c]

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [c for row in self.components for c in row.get("components", []) if c.get("type") == 2]

    def apply(self, payload: dict[str, Any], files: dict[str, bytes], *, edit: bool) -> None:
        """Apply a create or edit body; an edit changes only the fields it names (#edit-message)."""
        if edit and any(key in payload for key in ("content", "embeds", "components")):
            self.edits.append({"content": self.content, "embeds": self.embeds, "components": self.components})
        for key in ("content", "embeds", "components"):
            if key in payload:
                setattr(self, key, payload[key] if payload[key] is not None else ([] if key != "content" else None))
        if "flags" in payload and payload["flags"] is not None:
            self.flags = (self.flags & (EPHEMERAL | LOADING)) | payload["flags"]
        if "attachments" in payload and not payload["attachments"]:
            self.attachments = {}
        self.attachments.update(files)

    def payload(self) -> dict[str, Any]:
        """The Message object (#message-object) as Discord returns it."""
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": self.content or "",
            "timestamp": iso_now(),
            "edited_timestamp": iso_now() if self.edits else None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {
                    "id": str(self.id + i + 1),
                    "filename": name,
                    "size": len(data),
                    "url": f"https://cdn.discordapp.com/attachments/{self.channel_id}/{self.id}/{name}",
                    "proxy_url": f"https://media.discordapp.net/attachments/{self.channel_id}/{self.id}/{name}",
                }
                for i, (name, data) in enumerate(self.attachments.items())
            ],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": 0,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data


@dataclass
class InteractionRecord:
    """One interaction the test sent, the bot's initial response and its follow-ups."""

    id: int
    token: str
    payload: dict[str, Any]
    user: FakeUser
    received_at: float
    response_type: int | None = None  # 4 message, 5 deferred message, 6 deferred update, 7 update, 9 modal
    response_data: dict[str, Any] | None = None
    responded_after: float | None = None  # seconds from dispatch to the callback
    original: SentMessage | None = None
    followups: list[SentMessage] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)  # error bodies the bot received

    @property
    def responded(self) -> bool:
        return self.response_type is not None

    @property
    def deferred(self) -> bool:
        return self.response_type in (5, 6)

    @property
    def message(self) -> SentMessage | None:
        """The message the bot answered with: the original response, else the last follow-up."""
        if self.original is not None and not self.original.flags & LOADING:
            return self.original
        return self.followups[-1] if self.followups else self.original

    @property
    def text(self) -> str:
        """Everything the user was shown in reply, for loose assertions."""
        shown = [m for m in (self.original, *self.followups) if m is not None]
        return "\n".join(
            filter(
                None, [m.content for m in shown] + [json.dumps(e, ensure_ascii=False) for m in shown for e in m.embeds]
            )
        )


@dataclass
class HttpCall:
    """A request to the HTTP edge (anything other than interaction responses and follow-ups)."""

    method: str
    path: str
    json: Any
    reason: str | None
    files: dict[str, bytes]
    error: dict[str, Any] | None = None


@dataclass
class RoleChange:
    guild_id: int
    user_id: int
    role_id: int
    added: bool
    reason: str | None
