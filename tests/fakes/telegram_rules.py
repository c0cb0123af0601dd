"""The Bot API's documented rules for outgoing content, with the error texts Telegram answers.

Every check here raises `ApiError` carrying the exact `description` Telegram sends back, so
python-telegram-bot raises the same exception class with the same message as in production.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

# https://core.telegram.org/bots/api#sendmessage "Text of the message to be sent, 1-4096 characters
# after entities parsing"; #sendphoto "Photo caption ... 0-1024 characters after entities parsing".
# Telegram counts these characters in UTF-16 code units, as it does entity offsets (#messageentity).
MAX_TEXT = 4096
MAX_CAPTION = 1024
# https://core.telegram.org/bots/api#inlinekeyboardbutton "callback_data ... 1-64 bytes".
MAX_CALLBACK_DATA_BYTES = 64
# https://core.telegram.org/bots/api#answercallbackquery "text ... 0-200 characters".
MAX_CALLBACK_ANSWER = 200
# https://core.telegram.org/bots/api#sendphoto "The photo's width and height must not exceed 10000 in total.
# Width and height ratio must be at most 20."
MAX_PHOTO_SIDES = 10_000
MAX_PHOTO_RATIO = 20

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the same "
    "as a current content and reply markup of the message"
)
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"

# The action fields of https://core.telegram.org/bots/api#inlinekeyboardbutton: exactly one is set.
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
# https://core.telegram.org/bots/api#html-style: the only tags Telegram accepts.
_HTML_ENTITY = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
# https://core.telegram.org/bots/api#markdownv2-style: these must be escaped outside entities.
_MDV2_RESERVED = set("_*[]()~`>#+-=|{}.!")


@dataclass
class ApiError(Exception):
    """A Bot API error response: `{"ok": false, "error_code": ..., "description": ...}`."""

    code: int
    description: str
    parameters: dict[str, Any] | None = None

    def __str__(self) -> str:
        return f"{self.code} {self.description}"


def bad_request(what: str) -> ApiError:
    return ApiError(400, f"Bad Request: {what}")


@dataclass
class Parsed:
    """Text as Telegram stores it: markup removed, formatting moved into entities."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def utf16_len(text: str) -> int:
    # Entity offsets and lengths are measured in UTF-16 code units (#messageentity).
    return len(text.encode("utf-16-le")) // 2


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[tuple[str, int, dict[str, Any]]] = []
        self.entities: list[dict[str, Any]] = []
        self.error: str | None = None

    def _offset(self) -> int:
        return utf16_len("".join(self.out))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = _HTML_ENTITY.get(tag)
        if kind is None or (tag == "span" and ("class", "tg-spoiler") not in attrs):
            self.error = self.error or f'Unsupported start tag "{tag}"'
            return
        extra: dict[str, Any] = {}
        if tag == "a":
            extra["url"] = dict(attrs).get("href") or ""
        self.open.append((tag, self._offset(), extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            self.error = self.error or f'Unmatched end tag "{tag}"'
            return
        _, start, extra = self.open.pop()
        length = self._offset() - start
        if length:
            self.entities.append({"type": _HTML_ENTITY[tag], "offset": start, "length": length, **extra})

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def _parse_html(text: str) -> Parsed:
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    if parser.open and parser.error is None:
        parser.error = f'Can\'t find end tag corresponding to start tag "{parser.open[-1][0]}"'
    if parser.error:
        raise bad_request(f"can't parse entities: {parser.error}")
    return Parsed("".join(parser.out), sorted(parser.entities, key=lambda e: e["offset"]))


_MDV2_TOKEN = re.compile(r"\\(.)|```|\|\||__|^>|\]\([^)]*\)|[*_~`\[]|([_*\[\]()~`>#+\-=|{}.!])", re.S | re.M)


def _parse_markdown_v2(text: str) -> Parsed:
    # Formatting characters are dropped (no entities are computed); an unescaped reserved
    # character is the mistake Telegram rejects most often, so that one is enforced.
    out: list[str] = []
    pos = 0
    for match in _MDV2_TOKEN.finditer(text):
        out.append(text[pos : match.start()])
        pos = match.end()
        if match.group(1) is not None:
            out.append(match.group(1))
        elif match.group(2) is not None:
            char = match.group(2)
            raise bad_request(
                f"can't parse entities: Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
    out.append(text[pos:])
    return Parsed("".join(out))


def parse_text(text: str, parse_mode: str | None) -> Parsed:
    """Apply `parse_mode` the way Telegram does before it counts characters."""
    if not parse_mode:
        return Parsed(text)
    mode = parse_mode.lower()
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return Parsed(re.sub(r"[*_`\[\]]", "", text))
    raise bad_request(f"unsupported parse_mode {parse_mode}")


def check_text(text: str | None, parse_mode: str | None) -> Parsed:
    """Message text: 1-4096 characters after entities parsing."""
    if not text or not text.strip():
        raise bad_request("message text is empty")
    parsed = parse_text(text, parse_mode)
    if not parsed.text.strip():
        raise bad_request("message text is empty")
    if utf16_len(parsed.text) > MAX_TEXT:
        raise bad_request("message is too long")
    return parsed


def check_caption(caption: str | None, parse_mode: str | None) -> Parsed:
    """Media caption: 0-1024 characters after entities parsing."""
    parsed = parse_text(caption or "", parse_mode)
    if utf16_len(parsed.text) > MAX_CAPTION:
        raise bad_request("message caption is too long")
    return parsed


def check_photo_size(width: int, height: int) -> None:
    """A photo's dimensions (unknown, 0 x 0, when the fake cannot read the bytes as an image)."""
    if (
        width
        and height
        and (width + height > MAX_PHOTO_SIDES or max(width, height) > MAX_PHOTO_RATIO * min(width, height))
    ):
        raise bad_request("PHOTO_INVALID_DIMENSIONS")


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not isinstance(button.get("text"), str):
        raise bad_request('can\'t parse inline keyboard button: Field "text" must be of type String')
    if not button["text"]:
        raise bad_request("BUTTON_TEXT_INVALID")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if len(actions) != 1:
        raise bad_request("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
    if "callback_data" in button:
        data = button["callback_data"]
        if not isinstance(data, str) or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES:
            raise bad_request("BUTTON_DATA_INVALID")
    if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
        raise bad_request("BUTTON_URL_INVALID")
    # #webappinfo: "An HTTPS URL of a Web App to be opened".
    if "web_app" in button and not str((button["web_app"] or {}).get("url", "")).startswith("https://"):
        raise bad_request("BUTTON_URL_INVALID")


def check_reply_markup(raw: str | dict[str, Any] | None) -> dict[str, Any] | None:
    """Parse `reply_markup` (JSON text in a form field) and enforce the inline keyboard's shape."""
    if raw is None or raw == "":
        return None
    try:
        markup = json.loads(raw) if isinstance(raw, str) else raw
    except json.JSONDecodeError:
        raise bad_request("can't parse reply keyboard markup JSON object") from None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        rows = markup["inline_keyboard"]
        # InlineKeyboardMarkup.inline_keyboard is "Array of Array of InlineKeyboardButton".
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request('field "inline_keyboard" of the InlineKeyboardMarkup should be an Array of Arrays')
        for row in rows:
            for button in row:
                _check_button(button)
    return markup


def check_callback_answer(text: str | None) -> None:
    if text and utf16_len(text) > MAX_CALLBACK_ANSWER:
        raise bad_request("MESSAGE_TOO_LONG")
