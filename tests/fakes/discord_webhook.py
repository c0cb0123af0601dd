"""A recording webhook adapter: interaction responses and follow-ups, with Discord's interaction rules.

discord.py sends these through `discord.webhook.async_.async_context` (an `AsyncWebhookAdapter`), so the
edge installs this adapter in the context the interaction is dispatched in.
Rules (https://discord.com/developers/docs/interactions/receiving-and-responding): the initial response
comes once and within 3 seconds, otherwise the token is invalid; follow-ups need that response first and
the token lasts 15 minutes; after a deferred response (type 5) the first follow-up fills the loading message.
"""

from __future__ import annotations

import json
from typing import Any

from discord.webhook.async_ import AsyncWebhookAdapter

from tests.fakes.discord_limits import DiscordApiError, check_files, check_message, check_modal
from tests.fakes.discord_records import EPHEMERAL, LOADING, InteractionRecord, SentMessage
from tests.fakes.discord_world import DiscordWorld, read_files, route_params

RESPONSE_WINDOW = 3.0
TOKEN_LIFETIME = 15 * 60.0
MESSAGE_RESPONSES = (4, 5, 7)  # CHANNEL_MESSAGE_WITH_SOURCE, DEFERRED_CHANNEL_MESSAGE, UPDATE_MESSAGE


class RecordingWebhookAdapter(AsyncWebhookAdapter):
    def __init__(self, world: DiscordWorld) -> None:
        super().__init__()
        self.world = world

    async def request(
        self,
        route: Any,
        session: Any = None,
        *,
        payload: dict[str, Any] | None = None,
        multipart: list[dict[str, Any]] | None = None,
        files: Any = None,
        **_: Any,
    ) -> Any:
        body = payload
        for part in multipart or []:
            if part.get("name") == "payload_json":
                body = json.loads(part["value"])
        params = route_params(route)
        record = self._interaction(route, params)
        try:
            return self._answer(route.method, route.path, params, body or {}, read_files(files), record)
        except DiscordApiError as error:
            record.errors.append(error.body())
            raise self.world.fail(error) from None

    def _interaction(self, route: Any, params: dict[str, str]) -> InteractionRecord:
        token = params.get("webhook_token")
        for record in self.world.interactions.values():
            if record.token == token:
                return record
        raise self.world.fail(DiscordApiError(401, 50027, "Invalid Webhook Token"))

    def _answer(
        self,
        method: str,
        path: str,
        params: dict[str, str],
        body: dict[str, Any],
        files: dict[str, bytes],
        record: InteractionRecord,
    ) -> Any:
        if path.endswith("/callback"):
            return self._callback(record, body, files)
        if not record.responded:
            raise DiscordApiError(404, 10015, "Unknown Webhook")
        if self.world.now() - record.received_at > TOKEN_LIFETIME:
            raise DiscordApiError(401, 50027, "Invalid Webhook Token")
        if method == "POST":
            return self._followup(record, body, files)
        message = self._message(record, params.get("message_id", "@original"))
        if method == "DELETE":
            message.deleted = True
            return None
        if method == "PATCH":
            check_message(body, creating=False)
            message.apply(body, files, edit=not message.flags & LOADING)
            message.flags &= ~LOADING
        return message.payload()

    def _message(self, record: InteractionRecord, message_id: str) -> SentMessage:
        # The original response answers to "@original" and, like any message the interaction's webhook made,
        # to its own id.
        original = record.original
        if original is not None and message_id in ("@original", str(original.id)):
            return original
        for message in record.followups:
            if str(message.id) == message_id:
                return message
        raise DiscordApiError(404, 10008, "Unknown Message")

    def _callback(self, record: InteractionRecord, body: dict[str, Any], files: dict[str, bytes]) -> Any:
        delay = self.world.now() - record.received_at
        if record.responded:
            raise DiscordApiError(400, 40060, "Interaction has already been acknowledged.")
        if delay > RESPONSE_WINDOW:
            raise DiscordApiError(404, 10062, "Unknown interaction")
        kind, data = body["type"], body.get("data") or {}
        channel_id = int(record.payload["channel"]["id"])
        ephemeral = bool((data.get("flags") or 0) & EPHEMERAL)
        pressed = record.payload.get("message")
        if kind in (6, 7) and pressed is None:
            raise DiscordApiError(400, 40043, "Interaction response type is invalid for this interaction")
        original: SentMessage | None = None
        if kind == 4:
            check_message(data, creating=True, has_files=bool(files))
            check_files(files, self.world.take_refusal(files))
            original = self.world.new_message(channel_id, interaction_id=record.id, visible=not ephemeral)
            original.apply(data, files, edit=False)
        elif kind == 5:
            original = self.world.new_message(channel_id, interaction_id=record.id, visible=not ephemeral)
            original.flags = LOADING | (EPHEMERAL if ephemeral else 0)
        elif kind in (6, 7):
            original = self._pressed(record, int(pressed["id"]), channel_id)  # type: ignore[index]
            if kind == 7:
                check_message(data, creating=False)
                original.apply(data, files, edit=True)
        elif kind == 9:
            check_modal(data)
        record.response_type, record.response_data = kind, data
        record.responded_after = delay
        record.original = original
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(record.id),
                "type": record.payload["type"],
                "response_message_id": str(original.id) if original else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            }
        }
        if original is not None and kind in MESSAGE_RESPONSES:
            answer["resource"] = {"type": kind, "message": original.payload()}
        return answer

    def _pressed(self, record: InteractionRecord, message_id: int, channel_id: int) -> SentMessage:
        # An ephemeral message is not in the channel list; look through earlier interactions too.
        for other in self.world.interactions.values():
            for message in (other.original, *other.followups):
                if message is not None and message.id == message_id:
                    return message
        return self.world.find_message(channel_id, message_id)

    def _followup(self, record: InteractionRecord, body: dict[str, Any], files: dict[str, bytes]) -> Any:
        check_message(body, creating=True, has_files=bool(files))
        check_files(files, self.world.take_refusal(files))
        original = record.original
        if record.response_type == 5 and original is not None and original.flags & LOADING:
            original.apply(body, files, edit=False)
            original.flags &= ~LOADING
            return original.payload()
        ephemeral = bool((body.get("flags") or 0) & EPHEMERAL)
        channel_id = int(record.payload["channel"]["id"])
        message = self.world.new_message(channel_id, interaction_id=record.id, visible=not ephemeral)
        message.apply(body, files, edit=False)
        record.followups.append(message)
        return message.payload()
