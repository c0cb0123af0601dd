"""The Bot API methods the fake answers, each keeping the documented rules of https://core.telegram.org/bots/api."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from tests.fakes.telegram_models import Chat, StoredFile, StoredMessage
from tests.fakes.telegram_rules import (
    NOT_MODIFIED,
    QUERY_TOO_OLD,
    ApiError,
    bad_request,
    check_callback_answer,
    check_caption,
    check_photo_size,
    check_reply_markup,
    check_text,
)
from tests.fakes.telegram_setup import Params, SetupMethods, Uploads, flag, json_param, required
from tests.fakes.telegram_state import TelegramState

CALLBACK_ANSWER_WINDOW = 15.0  # seconds a callback query stays answerable
MAX_DOWNLOAD = 20 * 1024 * 1024  # #getfile "bots can download files of up to 20MB in size"


class BotMethods(SetupMethods):
    """One coroutine per method name; each returns the `result` or raises `ApiError`."""

    def __init__(self, state: TelegramState) -> None:
        super().__init__(state)
        self.table: dict[str, Callable[[Params, Uploads], Awaitable[Any]]] = {
            "getMe": self.get_me,
            "getUpdates": self.get_updates,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setChatMenuButton": self.set_chat_menu_button,
            "getChatMenuButton": self.get_chat_menu_button,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendDocument": self.send_document,
            "sendChatAction": self.send_chat_action,
            "getFile": self.get_file,
            "editMessageText": self.edit_message_text,
            "editMessageCaption": self.edit_message_caption,
            "editMessageMedia": self.edit_message_media,
            "editMessageReplyMarkup": self.edit_message_reply_markup,
            "answerCallbackQuery": self.answer_callback_query,
            "deleteMessage": self.delete_message,
            "getChatMember": self.get_chat_member,
            "getChatAdministrators": self.get_chat_administrators,
        }

    # --- sending ------------------------------------------------------------------------------
    def _target(self, params: Params) -> Chat:
        chat = self.state.chat(required(params, "chat_id"))
        if chat.type == "private" and chat.id in self.state.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        status = self.state.member_status(chat, self.state.bot.id)
        if status == "kicked":
            raise ApiError(403, "Forbidden: bot was kicked from the group chat")
        if status == "left":
            raise ApiError(403, "Forbidden: bot is not a member of the group chat")
        return chat

    def _new_message(self, chat: Chat, params: Params, **fields: Any) -> StoredMessage:
        markup = check_reply_markup(params.get("reply_markup"))
        extra: dict[str, Any] = {}
        reply = json_param(params, "reply_parameters") or {}
        reply_to = reply.get("message_id") or params.get("reply_to_message_id")
        if reply_to:
            replied = self.state.message(chat.id, reply_to)
            if replied is None:
                raise bad_request("message to be replied not found")
            extra["reply_to_message"] = replied.to_json()
        self.state.throttle.check(chat)  # last, so a rejected request does not use up the window
        message = StoredMessage(
            message_id=self.state.next_message_id(chat),
            chat=chat,
            sender=self.state.bot,
            date=self.state.date(),
            reply_markup=markup,
            params=dict(params),
            extra=extra,
            **fields,
        )
        return self.state.store(message)

    def _media(self, params: Params, uploads: Uploads, field: str, kind: str) -> StoredFile:
        if field in uploads:
            name, content_type, data = uploads[field]
            return self.state.add_file(data, file_name=name, mime_type=content_type, kind=kind)
        value = str(required(params, field))
        if value.startswith(("http://", "https://")):
            return self.state.add_file(b"", file_name=value.rsplit("/", 1)[-1], kind=kind)
        return self.state.file(value)

    async def send_message(self, params: Params, uploads: Uploads) -> Any:
        chat = self._target(params)
        parsed = check_text(params.get("text"), params.get("parse_mode"))
        return self._new_message(chat, params, text=parsed.text, entities=parsed.entities).to_json()

    async def send_photo(self, params: Params, uploads: Uploads) -> Any:
        chat = self._target(params)
        parsed = check_caption(params.get("caption"), params.get("parse_mode"))
        stored = self._media(params, uploads, "photo", "photos")
        sizes = self.state.photo_sizes(stored)
        check_photo_size(sizes[-1]["width"], sizes[-1]["height"])
        fields = {"caption": parsed.text or None, "caption_entities": parsed.entities}
        return self._new_message(chat, params, photo=sizes, **fields).to_json()

    async def send_document(self, params: Params, uploads: Uploads) -> Any:
        chat = self._target(params)
        parsed = check_caption(params.get("caption"), params.get("parse_mode"))
        stored = self._media(params, uploads, "document", "documents")
        document = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_name": stored.file_name,
            "mime_type": stored.mime_type,
            "file_size": len(stored.data),
        }
        fields = {"caption": parsed.text or None, "caption_entities": parsed.entities}
        document = {key: value for key, value in document.items() if value is not None}
        return self._new_message(chat, params, document=document, **fields).to_json()

    async def send_chat_action(self, params: Params, uploads: Uploads) -> Any:
        self._target(params)
        return True

    async def get_file(self, params: Params, uploads: Uploads) -> Any:
        stored = self.state.file(str(required(params, "file_id")))
        if len(stored.data) > MAX_DOWNLOAD:
            raise bad_request("file is too big")
        return stored.to_json()

    # --- editing ------------------------------------------------------------------------------
    def _editable(self, params: Params) -> StoredMessage:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not part of this fake
        message = self.state.message(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise bad_request("message to edit not found")
        if message.sender.id != self.state.bot.id:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(self, message: StoredMessage, **changes: Any) -> Any:
        before, kept = message.content, message.fields()
        snapshot = message.snapshot()
        for key, value in changes.items():
            setattr(message, key, value)
        try:
            if message.content == before:
                raise bad_request(NOT_MODIFIED)
            # Edits count against the chat's message rate like sends (the FAQ's limits are per chat, not per kind).
            self.state.throttle.check(message.chat)
        except ApiError:
            for key, value in kept.items():
                setattr(message, key, value)
            raise
        message.edits.append(snapshot)
        message.edit_date = self.state.date()
        return message.to_json()

    async def edit_message_text(self, params: Params, uploads: Uploads) -> Any:
        message = self._editable(params)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        parsed = check_text(params.get("text"), params.get("parse_mode"))
        # An edit without reply_markup removes the inline keyboard, as on Telegram.
        markup = check_reply_markup(params.get("reply_markup"))
        return self._apply_edit(message, text=parsed.text, entities=parsed.entities, reply_markup=markup)

    async def edit_message_caption(self, params: Params, uploads: Uploads) -> Any:
        message = self._editable(params)
        if message.photo is None and message.document is None:
            raise bad_request("there is no caption in the message to edit")
        parsed = check_caption(params.get("caption"), params.get("parse_mode"))
        markup = check_reply_markup(params.get("reply_markup"))
        return self._apply_edit(
            message, caption=parsed.text or None, caption_entities=parsed.entities, reply_markup=markup
        )

    async def edit_message_media(self, params: Params, uploads: Uploads) -> Any:
        """#editmessagemedia: a media message gets new media; a text message has none to replace."""
        message = self._editable(params)
        if message.photo is None and message.document is None:
            raise bad_request("there is no media in the message to edit")
        media = json_param(params, "media")
        if not isinstance(media, dict) or media.get("type") != "photo":
            raise bad_request("can't parse InputMedia: media type is not supported by this fake")
        source = str(media.get("media") or "")
        if source.startswith("attach://"):
            name = source.removeprefix("attach://")
            if name not in uploads:
                raise bad_request("wrong file identifier/HTTP URL specified")
            file_name, content_type, data = uploads[name]
            stored = self.state.add_file(data, file_name=file_name, mime_type=content_type, kind="photos")
        else:
            stored = self.state.file(source)
        parsed = check_caption(media.get("caption"), media.get("parse_mode"))
        markup = check_reply_markup(params.get("reply_markup"))
        sizes = self.state.photo_sizes(stored)
        check_photo_size(sizes[-1]["width"], sizes[-1]["height"])
        changes = {"caption": parsed.text or None, "caption_entities": parsed.entities, "reply_markup": markup}
        return self._apply_edit(message, photo=sizes, document=None, **changes)

    async def edit_message_reply_markup(self, params: Params, uploads: Uploads) -> Any:
        message = self._editable(params)
        return self._apply_edit(message, reply_markup=check_reply_markup(params.get("reply_markup")))

    async def answer_callback_query(self, params: Params, uploads: Uploads) -> Any:
        record = self.state.callbacks.get(str(params.get("callback_query_id")))
        now = self.state.clock.now()
        # A query is answered once, within the time the client waits for the answer.
        if record is None or record.answered or now - record.pressed_at > CALLBACK_ANSWER_WINDOW:
            raise bad_request(QUERY_TOO_OLD)
        check_callback_answer(params.get("text"))
        record.answered = True
        record.answered_after = now - record.pressed_at
        record.text = params.get("text")
        record.show_alert = flag(params, "show_alert")
        record.url = params.get("url")
        return True

    async def delete_message(self, params: Params, uploads: Uploads) -> Any:
        message = self.state.message(params.get("chat_id"), params.get("message_id"))
        if message is None:
            raise bad_request("message to delete not found")
        message.deleted = True
        return True
