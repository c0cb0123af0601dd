"""The fake Bot API's memory: chats and their messages, files, pending updates, callback queries."""

from __future__ import annotations

import asyncio
import hashlib
import io
import itertools
from collections.abc import Callable
from typing import Any

from tests.fakes.telegram_models import (
    CallbackRecord,
    Chat,
    Clock,
    RateLimits,
    RequestRecord,
    StoredFile,
    StoredMessage,
    Throttle,
    User,
)
from tests.fakes.telegram_rules import ApiError, bad_request

# Update types delivered when getUpdates never named any (#getupdates "allowed_updates").
DEFAULT_EXCLUDED_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def _image_size(data: bytes) -> tuple[int, int]:
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return (0, 0)


class TelegramState:
    """Everything a test may read after the bot has run; mutated only by the methods and injectors."""

    def __init__(self, token: str, bot: User, clock: Clock, limits: RateLimits) -> None:
        self.token = token
        self.bot = bot
        self.clock = clock
        self.throttle = Throttle(limits, clock)
        # Method -> the Bad Request description its next call is refused with (set by a test, used once).
        self.refusals: dict[str, str] = {}
        # How many of the next sending calls fail with 502 Bad Gateway, as during a passing Telegram outage.
        self.outages = 0
        self.chats: dict[int, Chat] = {}
        self.users: dict[int, User] = {}
        self.messages: dict[int, dict[int, StoredMessage]] = {}
        self.files: dict[str, StoredFile] = {}
        self.pending: list[dict[str, Any]] = []  # injected, not yet confirmed by a getUpdates offset
        self.injected: list[dict[str, Any]] = []  # every update ever injected
        self.delivered_up_to = 0  # highest update_id handed to the bot
        self.allowed_updates: list[str] | None = None
        self.callbacks: dict[str, CallbackRecord] = {}
        self.members: dict[int, dict[int, str]] = {}
        self.blocked: set[int] = set()
        self.commands: dict[str, list[dict[str, str]]] = {}
        self.menu_buttons: dict[int | None, dict[str, Any]] = {}  # by chat id; None: the bot's default
        self.webhook: dict[str, Any] | None = None
        self.webhook_connections = 40
        self.requests: list[RequestRecord] = []
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.new_update = asyncio.Event()
        self.on_update: Callable[[dict[str, Any]], None] | None = None  # webhook delivery

    # --- chats and users -------------------------------------------------------------------
    def remember(self, chat: Chat, user: User | None = None) -> None:
        self.chats.setdefault(chat.id, chat)
        if user is not None:
            self.users.setdefault(user.id, user)
            if chat.type != "private":
                self.members.setdefault(chat.id, {}).setdefault(user.id, "member")

    def chat(self, chat_id: Any) -> Chat:
        """Resolve a `chat_id` parameter: an integer id or an `@username` (#sendmessage)."""
        text = str(chat_id)
        for chat in self.chats.values():
            if text == str(chat.id) or (chat.username and text.lstrip("@") == chat.username):
                return chat
        raise bad_request("chat not found")

    def member_status(self, chat: Chat, user_id: int) -> str:
        if chat.type == "private":
            return "member"
        default = "member" if user_id == self.bot.id else "left"
        return self.members.get(chat.id, {}).get(user_id, default)

    # --- messages ---------------------------------------------------------------------------
    def next_message_id(self, chat: Chat) -> int:
        # Message identifiers are unique within a chat (#message "message_id").
        return next(self._message_ids.setdefault(chat.id, itertools.count(1)))

    def store(self, message: StoredMessage) -> StoredMessage:
        self.messages.setdefault(message.chat.id, {})[message.message_id] = message
        return message

    def message(self, chat_id: Any, message_id: Any) -> StoredMessage | None:
        try:
            found = self.messages.get(self.chat(chat_id).id, {}).get(int(message_id))
        except (ApiError, ValueError, TypeError):
            return None
        return None if found is None or found.deleted else found

    def history(self, chat_id: int) -> list[StoredMessage]:
        """The chat's messages as they are now, oldest first, deleted ones left out."""
        return [m for m in self.messages.get(chat_id, {}).values() if not m.deleted]

    # --- files ------------------------------------------------------------------------------
    def add_file(
        self,
        data: bytes,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
        kind: str = "documents",
    ) -> StoredFile:
        digest = hashlib.sha1(data).hexdigest()[:16]
        serial = next(self._ids)
        stored = StoredFile(
            file_id=f"F{serial}_{digest}",
            file_unique_id=f"U{digest}",
            file_path=f"{kind}/file_{serial}{_suffix(file_name)}",
            data=data,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    def file(self, file_id: str) -> StoredFile:
        try:
            return self.files[file_id]
        except KeyError:
            raise bad_request("wrong file identifier/HTTP URL specified") from None

    def photo_sizes(self, stored: StoredFile) -> list[dict[str, Any]]:
        """PhotoSize objects, smallest first, as Telegram lists them (#photosize)."""
        width, height = _image_size(stored.data)
        scale = min(1.0, 90 / max(width, height, 1))
        thumb = {"width": int(width * scale), "height": int(height * scale)}
        full = {"width": width, "height": height, "file_size": len(stored.data)}
        base = {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id}
        return [{**base, **thumb}, {**base, **full}]

    # --- updates ----------------------------------------------------------------------------
    def push_update(self, payload: dict[str, Any]) -> dict[str, Any]:
        update = {"update_id": next(self._update_ids), **payload}
        self.pending.append(update)
        self.injected.append(update)
        self.new_update.set()
        if self.webhook and self.on_update:
            self.on_update(update)
        return update

    def confirm(self, offset: int) -> None:
        # "An update is considered confirmed as soon as getUpdates is called with an offset higher
        # than its update_id"; a negative offset keeps only the last -offset updates (#getupdates).
        if offset < 0:
            self.pending = self.pending[offset:]
        elif offset:
            self.pending = [u for u in self.pending if u["update_id"] >= offset]

    def deliverable(self, limit: int) -> list[dict[str, Any]]:
        def allowed(update: dict[str, Any]) -> bool:
            kind = next(key for key in update if key != "update_id")
            if self.allowed_updates:
                return kind in self.allowed_updates
            return kind not in DEFAULT_EXCLUDED_UPDATES

        return [u for u in self.pending if allowed(u)][:limit]

    def new_callback_id(self) -> str:
        return str(next(self._ids) * 1_000_003)

    def date(self) -> int:
        return int(self.clock.now())


def _suffix(file_name: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1]
    return ""
