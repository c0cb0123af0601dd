"""One row of an items file turned into a checked `PackItem`, or a reason it was refused."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from core.content.limits import UploadLimits
from core.content.pack import PackItem, PackManifest
from core.text_units import utf16_len
from core.types import TaskKind

IMAGE_KINDS = frozenset({TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY})
TRUE_WORDS = frozenset({"1", "true", "yes", "y", "gold"})
FALSE_WORDS = frozenset({"", "0", "false", "no", "n"})
# Takes the image path as written in the row and returns the absolute path of the checked image.
ImageTaker = Callable[[str], Path]


class RowRejected(ValueError):
    """This row is skipped; the message is the reason in the import report."""


def text_field(row: dict[str, Any], *names: str, limit: int) -> str:
    for name in names:
        value = row.get(name)
        if value is None or value == "":
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise RowRejected(f"field '{name}' must be text")
        text = clean_text(str(value))
        if len(text) > limit:
            raise RowRejected(f"field '{name}' is longer than {limit} characters")
        return text
    return ""


def clean_text(value: str) -> str:
    """Drop control characters (except newlines and tabs) that could garble a chat message."""
    kept = (c for c in value if c in "\n\t" or unicodedata.category(c)[0] != "C" or c == "\u200d")
    return "".join(kept).strip()


def gold_flag(row: dict[str, Any]) -> bool:
    value = row.get("gold", "")
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if value is not None else ""
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise RowRejected(f"field 'gold' is {value!r}; use true or false")


def profile_text(row: dict[str, Any], limit: int) -> str:
    """A bot-or-not profile (name, bio, post) shown as one text."""
    name = text_field(row, "name", limit=limit)
    bio = text_field(row, "bio", limit=limit)
    post = text_field(row, "post", limit=limit)
    head = "\n".join(part for part in (name, bio) if part)
    return "\n\n".join(part for part in (head, post) if part)


def check_answer(answer: str, manifest: PackManifest) -> str:
    if manifest.kind is TaskKind.NUMERIC:
        try:
            number = float(answer)
        except ValueError as exc:
            raise RowRejected(f"known answer {answer!r} is not a number") from exc
        if not math.isfinite(number):
            raise RowRejected(f"known answer {answer!r} is not a finite number")
        return answer
    if answer not in manifest.choice_keys:
        allowed = ", ".join(sorted(manifest.choice_keys))
        raise RowRejected(f"known answer {answer!r} is not a choice ({allowed})")
    return answer


def check_url(url: str) -> str:
    """Only plain http(s) links to a named host; credentials in links end up in logs."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - read for its check: a port that is not a number from 0 to 65535 raises
    except ValueError:
        raise RowRejected(f"url {url[:80]!r} is malformed") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RowRejected(f"url {url[:80]!r} is not an http(s) link")
    if parts.username or parts.password:
        raise RowRejected("url must not carry credentials")
    return url


def comparison_answers(row: dict[str, Any], limit: int) -> tuple[str, str]:
    listed = row.get("answers")
    if isinstance(listed, list):
        if len(listed) != 2:
            raise RowRejected("field 'answers' must hold exactly two answers")
        row = {**row, "answer_a": listed[0], "answer_b": listed[1]}
    first = text_field(row, "answer_a", "a", limit=limit)
    second = text_field(row, "answer_b", "b", limit=limit)
    if not first or not second:
        raise RowRejected("a comparison needs answer_a and answer_b")
    return first, second


MAX_SYSTEM_CHARS = 80


def comparison_systems(row: dict[str, Any]) -> tuple[str, str] | None:
    """Who wrote answer A and answer B (`system_a`/`system_b`, or the arenas' `model_a`/`model_b`): both or none."""
    first = text_field(row, "system_a", "model_a", limit=MAX_SYSTEM_CHARS)
    second = text_field(row, "system_b", "model_b", limit=MAX_SYSTEM_CHARS)
    if bool(first) != bool(second):
        raise RowRejected("a comparison names both systems (system_a and system_b) or neither")
    return (first, second) if first else None


def build_item(row: dict[str, Any], manifest: PackManifest, take_image: ImageTaker, limits: UploadLimits) -> PackItem:
    limit = limits.max_text_chars
    external_id = text_field(row, "id", "external_id", limit=limits.max_id_chars)
    if not external_id:
        raise RowRejected("missing id")
    text = text_field(row, "text", "prompt", limit=limit) or profile_text(row, limit)
    if utf16_len(text) > limit:
        raise RowRejected(f"text is longer than {limit} characters (UTF-16 units)")
    if manifest.kind in IMAGE_KINDS and utf16_len(text) > limits.max_caption_units:
        raise RowRejected(f"text is longer than a picture's caption holds ({limits.max_caption_units} UTF-16 units)")
    raw_answer = text_field(row, "known_answer", "answer", "label", limit=64)
    known = check_answer(raw_answer, manifest) if raw_answer else None
    gold = gold_flag(row)
    if gold and known is None:
        raise RowRejected("a gold item needs a known answer")
    source = text_field(row, "source", limit=500)
    if manifest.kind is TaskKind.COMPARISON:
        if not text:
            raise RowRejected("a comparison needs a prompt in 'text'")
        answers = comparison_answers(row, limit)
        systems = comparison_systems(row)
        return PackItem(external_id, text, None, answers, known, gold, source, systems=systems)
    # The image is taken last: it may be written out, and a row refused afterwards would leave it behind.
    if name := text_field(row, "image", "image_path", limit=1024):
        return PackItem(external_id, text, take_image(name), (), known, gold, source)
    if link := text_field(row, "url", "image_url", limit=2048):
        return PackItem(external_id, text, None, (), known, gold, source, check_url(link))
    if manifest.kind in IMAGE_KINDS:
        raise RowRejected("an image task needs an image file or url")
    if not text:
        raise RowRejected("a text task needs text")
    return PackItem(external_id, text, None, (), known, gold, source)
