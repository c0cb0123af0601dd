"""Bot API methods about the bot itself, its updates and chat members (https://core.telegram.org/bots/api)."""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import Any

from tests.fakes.telegram_rules import ApiError, bad_request
from tests.fakes.telegram_state import TelegramState

Params = dict[str, Any]
Uploads = dict[str, tuple[str | None, str | None, bytes]]  # field -> (file name, content type, bytes)

_ADMIN_RIGHTS = [
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
]
_RESTRICTIONS = [
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_send_messages",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_manage_topics",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_edit_tag",
]


def json_param(params: Params, key: str) -> Any:
    value = params.get(key)
    return json.loads(value) if isinstance(value, str) and value[:1] in "[{" else value


def flag(params: Params, key: str) -> bool:
    return str(params.get(key, "")).lower() in ("true", "1")


def required(params: Params, key: str) -> Any:
    if params.get(key) in (None, ""):
        raise bad_request(f"{key} is empty")
    return params[key]


def chat_member_json(user: dict[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember of the right subtype with its required fields (#chatmember)."""
    data: dict[str, Any] = {"status": status, "user": user}
    if status == "creator":
        data["is_anonymous"] = False
    elif status == "administrator":
        data.update({"can_be_edited": False, "is_anonymous": False}, **dict.fromkeys(_ADMIN_RIGHTS, True))
    elif status == "kicked":
        data["until_date"] = 0
    elif status == "restricted":
        data.update({"is_member": True, "until_date": 0}, **dict.fromkeys(_RESTRICTIONS, False))
    return data


class SetupMethods:
    """getMe, getUpdates, webhooks, commands and members; the message methods build on it."""

    def __init__(self, state: TelegramState) -> None:
        self.state = state
        self.closing = False
        self._poll_generation = 0

    # --- bot and updates ----------------------------------------------------------------------
    async def get_me(self, params: Params, uploads: Uploads) -> Any:
        return {**self.state.bot.to_json(), "can_join_groups": True, "can_read_all_group_messages": False}

    async def get_updates(self, params: Params, uploads: Uploads) -> Any:
        state = self.state
        if state.webhook:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        # A newer getUpdates ends the one still waiting (only one poller per bot).
        self._poll_generation += 1
        mine = self._poll_generation
        state.new_update.set()
        if "allowed_updates" in params:
            state.allowed_updates = json_param(params, "allowed_updates") or None
        state.confirm(int(params.get("offset") or 0))
        limit = min(max(int(params.get("limit") or 100), 1), 100)  # "Values between 1-100"
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        while True:
            updates = state.deliverable(limit)
            remaining = deadline - loop.time()
            if updates or self.closing or remaining <= 0:
                break
            state.new_update.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.new_update.wait(), remaining)
            if self._poll_generation != mine:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
                )
        if updates:
            state.delivered_up_to = max(state.delivered_up_to, updates[-1]["update_id"])
        return updates

    async def set_webhook(self, params: Params, uploads: Uploads) -> Any:
        url = str(required(params, "url"))
        if not url.startswith("https://") and not url.startswith("http://127.0.0.1"):
            # Telegram only calls HTTPS webhooks; loopback is let through for the bot's own tests.
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.state.webhook = {"url": url, "secret_token": params.get("secret_token")}
        # Telegram opens up to max_connections (1-100, default 40) HTTPS connections to the webhook at once.
        self.state.webhook_connections = min(100, max(1, int(params.get("max_connections") or 40)))
        if flag(params, "drop_pending_updates"):
            self.state.pending.clear()
        return True

    async def delete_webhook(self, params: Params, uploads: Uploads) -> Any:
        self.state.webhook = None
        if flag(params, "drop_pending_updates"):
            self.state.pending.clear()
        return True

    async def get_webhook_info(self, params: Params, uploads: Uploads) -> Any:
        hook = self.state.webhook or {"url": ""}
        return {
            "url": hook["url"],
            "has_custom_certificate": False,
            "pending_update_count": len(self.state.pending),
        }

    async def set_chat_menu_button(self, params: Params, uploads: Uploads) -> Any:
        # #menubutton: "commands", "default", or "web_app" with a text and a WebAppInfo whose url is HTTPS.
        button = json_param(params, "menu_button") or {"type": "default"}
        kind = button.get("type")
        if kind not in ("commands", "default", "web_app"):
            raise bad_request("can't parse menu button: unknown type")
        if kind == "web_app":
            url = (button.get("web_app") or {}).get("url", "")
            if not button.get("text") or not str(url).startswith("https://"):
                raise bad_request("BUTTON_URL_INVALID")
        chat = params.get("chat_id")
        self.state.menu_buttons[int(chat) if chat else None] = button
        return True

    async def get_chat_menu_button(self, params: Params, uploads: Uploads) -> Any:
        chat = params.get("chat_id")
        return self.state.menu_buttons.get(int(chat) if chat else None, {"type": "default"})

    def _commands_key(self, params: Params) -> str:
        scope = json_param(params, "scope") or {"type": "default"}
        return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)

    async def set_my_commands(self, params: Params, uploads: Uploads) -> Any:
        commands = json_param(params, "commands") or []
        # #botcommand: command 1-32 characters of lowercase letters, digits and underscores;
        # description 1-256 characters; at most 100 commands (#setmycommands).
        if len(commands) > 100:
            raise bad_request("BOT_COMMANDS_TOO_MUCH")
        for command in commands:
            name = command.get("command", "")
            if not (1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.state.commands[self._commands_key(params)] = commands
        return True

    async def get_my_commands(self, params: Params, uploads: Uploads) -> Any:
        return self.state.commands.get(self._commands_key(params), [])

    async def delete_my_commands(self, params: Params, uploads: Uploads) -> Any:
        self.state.commands.pop(self._commands_key(params), None)
        return True

    # --- members ------------------------------------------------------------------------------
    async def get_chat_member(self, params: Params, uploads: Uploads) -> Any:
        chat = self.state.chat(required(params, "chat_id"))
        user_id = int(required(params, "user_id"))
        user = self.state.bot if user_id == self.state.bot.id else self.state.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        return chat_member_json(user.to_json(), self.state.member_status(chat, user_id))

    async def get_chat_administrators(self, params: Params, uploads: Uploads) -> Any:
        chat = self.state.chat(required(params, "chat_id"))
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        admins = []
        for user_id, status in self.state.members.get(chat.id, {}).items():
            if status in ("creator", "administrator"):
                user = self.state.bot if user_id == self.state.bot.id else self.state.users[user_id]
                admins.append(chat_member_json(user.to_json(), status))
        return admins
