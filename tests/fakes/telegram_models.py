"""What the fake Bot API remembers: users, chats, messages as they are now, files, callback queries."""

from __future__ import annotations

import math
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.telegram_rules import ApiError


class Clock:
    """Wall-clock seconds that a test can move forward (`advance`) to age callback queries."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


@dataclass(frozen=True)
class User:
    id: int
    first_name: str
    username: str | None = None
    is_bot: bool = False
    language_code: str | None = "en"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        if self.language_code and not self.is_bot:
            data["language_code"] = self.language_code
        return data


@dataclass(frozen=True)
class Chat:
    id: int
    type: str  # "private", "group", "supergroup" or "channel" (#chat)
    title: str | None = None
    username: str | None = None
    first_name: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name"):
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data

    @classmethod
    def private(cls, user: User) -> Chat:
        # A private chat's id is the user's id (#chat).
        return cls(user.id, "private", username=user.username, first_name=user.first_name)


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    file_path: str
    data: bytes
    file_name: str | None = None
    mime_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        """A `File` object as getFile returns it (#file)."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class StoredMessage:
    """A message as it currently is; `edits` keeps each earlier version for assertions."""

    message_id: int
    chat: Chat
    sender: User
    date: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    caption_entities: list[dict[str, Any]] = field(default_factory=list)
    reply_markup: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # any other Message fields (new_chat_members ...)
    params: dict[str, Any] = field(default_factory=dict)  # the request parameters that created it
    edit_date: int | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)
    deleted: bool = False

    @property
    def content(self) -> tuple[Any, ...]:
        # What "message is not modified" compares: text or caption with entities, and markup.
        return (self.text, self.entities, self.caption, self.caption_entities, self.reply_markup, self.photo_file_id)

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard's buttons, row by row, flattened."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]

    @property
    def photo_file_id(self) -> str | None:
        return self.photo[-1]["file_id"] if self.photo else None

    def snapshot(self) -> dict[str, Any]:
        return {"text": self.text, "caption": self.caption, "reply_markup": self.reply_markup}

    def fields(self) -> dict[str, Any]:
        """Everything an edit may change, to put back when the edit is refused."""
        names = ("text", "entities", "caption", "caption_entities", "reply_markup", "photo", "document")
        return {name: getattr(self, name) for name in names}

    def to_json(self) -> dict[str, Any]:
        """The `Message` object (#message) with only the fields that are set."""
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender.to_json(),
            "chat": self.chat.to_json(),
            "date": self.date,
        }
        optional = {
            "text": self.text,
            "entities": self.entities,
            "caption": self.caption,
            "caption_entities": self.caption_entities,
            "reply_markup": self.reply_markup,
            "photo": self.photo,
            "document": self.document,
            "edit_date": self.edit_date,
        }
        data.update({key: value for key, value in optional.items() if value})
        data.update(self.extra)
        return data


@dataclass
class CallbackRecord:
    """A button press the test made and how the bot answered it."""

    id: str
    user: User
    message: StoredMessage
    data: str
    pressed_at: float
    answered: bool = False
    answered_after: float | None = None
    text: str | None = None
    show_alert: bool = False
    url: str | None = None


@dataclass
class RequestRecord:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes]
    at: float
    error: ApiError | None = None
    abandoned: bool = False


@dataclass
class RateLimits:
    """Telegram's FAQ "My bot is hitting limits, how do I avoid this?": no more than one message per
    second in a chat, 20 messages per minute in a group, about 30 messages per second overall.
    Off unless a test turns it on, so end-to-end tests are not slowed by the fake itself."""

    enabled: bool = False
    per_private_chat: tuple[int, float] = (1, 1.0)
    per_group: tuple[int, float] = (20, 60.0)
    overall: tuple[int, float] = (30, 1.0)


class Throttle:
    """Sliding windows of message times; answers 429 with `parameters.retry_after` when one is full."""

    def __init__(self, limits: RateLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock = clock
        self._sent: dict[object, deque[float]] = {}

    def check(self, chat: Chat) -> None:
        if not self.limits.enabled:
            return
        now = self.clock.now()
        per_chat = self.limits.per_private_chat if chat.type == "private" else self.limits.per_group
        windows = [(("chat", chat.id), per_chat), ("overall", self.limits.overall)]
        wait = 0.0
        for key, (count, seconds) in windows:
            sent = self._sent.setdefault(key, deque())
            while sent and sent[0] <= now - seconds:
                sent.popleft()
            if len(sent) >= count:
                wait = max(wait, sent[0] + seconds - now)
        if wait > 0:
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after})
        for key, _ in windows:
            self._sent[key].append(now)
