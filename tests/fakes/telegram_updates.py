"""Acting as Telegram users: the updates a test injects, shaped as https://core.telegram.org/bots/api#update."""

from __future__ import annotations

import itertools
import re
from typing import Any

from tests.fakes.telegram_models import CallbackRecord, Chat, StoredMessage, User
from tests.fakes.telegram_rules import utf16_len
from tests.fakes.telegram_setup import chat_member_json
from tests.fakes.telegram_state import TelegramState

# Telegram marks "/command" and "/command@botname" as bot_command entities (#messageentity).
_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")


def command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "bot_command", "offset": utf16_len(text[: m.start()]), "length": utf16_len(m.group())}
        for m in _COMMAND.finditer(text)
    ]


class UpdateInjector:
    """Builds users, groups and their actions, and queues them for getUpdates (or the webhook)."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state
        self._user_ids = itertools.count(10_001)
        self._group_ids = itertools.count(1)

    def user(
        self,
        first_name: str = "Alice",
        *,
        username: str | None = None,
        user_id: int | None = None,
        language_code: str | None = "en",
    ) -> User:
        """`language_code`: the language of the user's Telegram app, as Telegram reports it with each update."""
        user = User(user_id or next(self._user_ids), first_name, username or first_name.lower(), False, language_code)
        self.state.users[user.id] = user
        return user

    def group(self, title: str = "Group", *, supergroup: bool = True, chat_id: int | None = None) -> Chat:
        # Supergroup ids are -100 followed by the channel id; basic group ids are plain negatives.
        serial = next(self._group_ids)
        default = -1_000_000_000_000 - serial if supergroup else -serial
        chat = Chat(chat_id or default, "supergroup" if supergroup else "group", title=title)
        self.state.chats[chat.id] = chat
        return chat

    def set_member(self, chat: Chat, user: User, status: str) -> None:
        """ "creator", "administrator", "member", "restricted", "left" or "kicked" for getChatMember."""
        self.state.users.setdefault(user.id, user)
        self.state.members.setdefault(chat.id, {})[user.id] = status

    # --- messages ---------------------------------------------------------------------------
    def _message(self, chat: Chat, user: User, **fields: Any) -> StoredMessage:
        self.state.remember(chat, user)
        message = StoredMessage(
            message_id=self.state.next_message_id(chat),
            chat=chat,
            sender=user,
            date=self.state.date(),
            **fields,
        )
        self.state.store(message)
        self.state.push_update({"message": message.to_json()})
        return message

    def private_message(self, user: User, text: str) -> StoredMessage:
        """A text (or a command such as `/start ref_abc`) the user sends in the private chat."""
        return self._message(Chat.private(user), user, text=text, entities=command_entities(text))

    def group_message(self, chat: Chat, user: User, text: str) -> StoredMessage:
        return self._message(chat, user, text=text, entities=command_entities(text))

    def upload_document(
        self,
        user: User,
        data: bytes,
        file_name: str,
        *,
        caption: str | None = None,
        chat: Chat | None = None,
        mime_type: str = "application/octet-stream",
    ) -> StoredMessage:
        """A document the user sends; the bot can getFile it and download the same bytes."""
        stored = self.state.add_file(data, file_name=file_name, mime_type=mime_type)
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": len(data),
        }
        entities = command_entities(caption) if caption else []
        return self._message(
            chat or Chat.private(user), user, document=document, caption=caption, caption_entities=entities
        )

    # --- buttons ----------------------------------------------------------------------------
    def press(
        self, user: User, message: StoredMessage, button: str | None = None, *, data: str | None = None
    ) -> CallbackRecord:
        """Press the button whose text or callback_data is `button` on the message as it is now.

        `data` sends arbitrary callback data instead, as a forged or stale client would."""
        current = self.state.message(message.chat.id, message.message_id)
        if current is None:
            raise LookupError(f"message {message.message_id} in chat {message.chat.id} is gone")
        if data is None:
            choices = [b for b in current.buttons if "callback_data" in b]
            found = [b for b in choices if button in (b["text"], b["callback_data"])]
            if button is None and len(choices) == 1:
                found = choices
            if not found:
                raise LookupError(f"no button {button!r}; the message has {[b['text'] for b in choices]}")
            data = found[0]["callback_data"]
        self.state.remember(current.chat, user)
        record = CallbackRecord(self.state.new_callback_id(), user, current, data, pressed_at=self.state.clock.now())
        self.state.callbacks[record.id] = record
        query = {
            "id": record.id,
            "from": user.to_json(),
            "message": current.to_json(),
            "chat_instance": str(abs(current.chat.id) * 7919),
            "data": data,
        }
        self.state.push_update({"callback_query": query})
        return record

    # --- membership ---------------------------------------------------------------------------
    def add_bot_to_group(self, chat: Chat, by: User, *, as_admin: bool = False) -> dict[str, Any]:
        """`by` adds the bot: a my_chat_member update and the "new_chat_members" service message."""
        bot = self.state.bot
        old = self.state.member_status(chat, bot.id) if chat.id in self.state.members else "left"
        self.state.members.setdefault(chat.id, {}).setdefault(by.id, "creator")
        self.set_member(chat, bot, "administrator" if as_admin else "member")
        self.state.remember(chat, by)
        update = self.state.push_update({"my_chat_member": self._membership(chat, by, old, as_admin)})
        self._message(chat, by, extra={"new_chat_members": [bot.to_json()]})
        return update

    def remove_bot_from_group(self, chat: Chat, by: User) -> dict[str, Any]:
        old = self.state.member_status(chat, self.state.bot.id)
        self.set_member(chat, self.state.bot, "kicked")
        membership = self._membership(chat, by, old, False)
        membership["new_chat_member"] = chat_member_json(self.state.bot.to_json(), "kicked")
        return self.state.push_update({"my_chat_member": membership})

    def _membership(self, chat: Chat, by: User, old: str, as_admin: bool) -> dict[str, Any]:
        bot = self.state.bot.to_json()
        return {
            "chat": chat.to_json(),
            "from": by.to_json(),
            "date": self.state.date(),
            "old_chat_member": chat_member_json(bot, old),
            "new_chat_member": chat_member_json(bot, "administrator" if as_admin else "member"),
        }
