"""Discord's documented message limits, answered with Discord's own error bodies.

Sources: https://discord.com/developers/docs/resources/message#create-message (content 2000 characters,
up to 10 embeds), #embed-object-embed-limits (title 256, description 4096, 25 fields, field name 256,
value 1024, footer 2048, author 256, all embeds together 6000), and
https://discord.com/developers/docs/components/reference (up to 5 action rows of up to 5 buttons,
custom_id 1-100 characters and unique within a message, button label up to 80 characters).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import discord

EMBED_LIMITS = {"title": 256, "description": 4096}
EMBED_TOTAL = 6000
ATTACHMENT_LIMIT = 10 * 1024 * 1024  # bytes a bot may upload in a server without boosts
IS_COMPONENTS_V2 = 1 << 15


@dataclass
class _Response:
    """What discord.HTTPException reads from an aiohttp response."""

    status: int
    reason: str


@dataclass
class DiscordApiError(Exception):
    """An error body `{"code", "message", "errors"}` with its HTTP status (#error-messages)."""

    status: int
    code: int
    message: str
    errors: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return body

    def to_exception(self) -> discord.HTTPException:
        """The exception discord.py raises for this response."""
        kind = {403: discord.Forbidden, 404: discord.NotFound}.get(self.status, discord.HTTPException)
        reasons = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large"}
        return kind(_Response(self.status, reasons.get(self.status, "Error")), self.body())  # type: ignore[arg-type]


class _Collector:
    def __init__(self) -> None:
        self.errors: dict[str, Any] = {}

    def add(self, path: tuple[str | int, ...], code: str, message: str) -> None:
        node = self.errors
        for part in path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": code, "message": message})

    def max_length(self, path: tuple[str | int, ...], value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.add(path, "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length.")


def _embed_size(embed: dict[str, Any]) -> int:
    size = len(embed.get("title") or "") + len(embed.get("description") or "")
    size += len((embed.get("footer") or {}).get("text") or "") + len((embed.get("author") or {}).get("name") or "")
    return size + sum(len(f.get("name", "")) + len(f.get("value", "")) for f in embed.get("fields") or [])


def _check_embeds(embeds: list[dict[str, Any]], out: _Collector) -> None:
    out.max_length(("embeds",), embeds, 10)
    for i, embed in enumerate(embeds):
        for key, limit in EMBED_LIMITS.items():
            out.max_length(("embeds", i, key), embed.get(key), limit)
        out.max_length(("embeds", i, "footer", "text"), (embed.get("footer") or {}).get("text"), 2048)
        out.max_length(("embeds", i, "author", "name"), (embed.get("author") or {}).get("name"), 256)
        fields = embed.get("fields") or []
        out.max_length(("embeds", i, "fields"), fields, 25)
        for j, item in enumerate(fields):
            out.max_length(("embeds", i, "fields", j, "name"), item.get("name"), 256)
            out.max_length(("embeds", i, "fields", j, "value"), item.get("value"), 1024)
    if sum(_embed_size(e) for e in embeds) > EMBED_TOTAL:
        out.add(("embeds",), "MAX_EMBED_SIZE_EXCEEDED", f"Embed size exceeds maximum size of {EMBED_TOTAL}")


def _check_components(rows: list[dict[str, Any]], out: _Collector) -> None:
    out.max_length(("components",), rows, 5)
    seen: set[str] = set()
    for i, row in enumerate(rows):
        children = row.get("components") or []
        if row.get("type") != 1:
            out.add(("components", i, "type"), "UNION_TYPE_CHOICES", 'Value of field "type" must be one of (1,).')
            continue
        out.max_length(("components", i, "components"), children, 5)
        for j, child in enumerate(children):
            path = ("components", i, "components", j)
            custom_id = child.get("custom_id")
            if child.get("type") == 2 and child.get("style") in (5, 6):
                continue  # link and premium buttons carry a url or sku instead of a custom_id
            if not custom_id:
                out.add((*path, "custom_id"), "BASE_TYPE_REQUIRED", "This field is required")
                continue
            out.max_length((*path, "custom_id"), custom_id, 100)
            out.max_length((*path, "label"), child.get("label"), 80)
            if custom_id in seen:
                out.add(
                    (*path, "custom_id"), "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated"
                )
            seen.add(custom_id)


def check_message(payload: dict[str, Any], *, creating: bool, has_files: bool = False) -> None:
    """Raise DiscordApiError as Discord would answer a create or edit with this body."""
    out = _Collector()
    out.max_length(("content",), payload.get("content"), 2000)
    _check_embeds(payload.get("embeds") or [], out)
    if not (payload.get("flags") or 0) & IS_COMPONENTS_V2:
        _check_components(payload.get("components") or [], out)
    if out.errors:
        raise DiscordApiError(400, 50035, "Invalid Form Body", out.errors)
    empty = not any(payload.get(k) for k in ("content", "embeds", "components", "sticker_ids", "poll"))
    if creating and empty and not has_files:
        raise DiscordApiError(400, 50006, "Cannot send an empty message")


def check_files(files: dict[str, bytes]) -> None:
    """Uploads past the attachment size limit are refused before anything is posted."""
    if sum(len(data) for data in files.values()) > ATTACHMENT_LIMIT:
        raise DiscordApiError(413, 40005, "Request entity too large")


def check_modal(data: dict[str, Any]) -> None:
    out = _Collector()
    out.max_length(("data", "custom_id"), data.get("custom_id"), 100)
    out.max_length(("data", "title"), data.get("title"), 45)  # modal title: max 45 characters
    if out.errors:
        raise DiscordApiError(400, 50035, "Invalid Form Body", out.errors)
