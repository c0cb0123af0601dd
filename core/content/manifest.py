"""Reading and writing a pack's manifest (TOML or JSON), with every field checked."""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from core.content.pack import ChoiceSpec, PackManifest
from core.types import TaskKind

MANIFEST_NAMES = ("manifest.toml", "manifest.json")
# Choice keys travel in button callback data, which Telegram caps at 64 bytes in all.
CHOICE_KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,15}")  # used with fullmatch: `$` would take a trailing newline
TEXT_FIELDS = ("name", "version", "question", "licence", "attribution")
MAX_FIELD_CHARS = {"name": 80, "version": 32, "question": 300, "licence": 200, "attribution": 2000}
MAX_CHOICES = 20


class ManifestError(ValueError):
    """The manifest cannot be used; the message says which field and why."""


def find_manifest(root: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = root / name
        if candidate.is_file() and not candidate.is_symlink():
            return candidate
    return None


def read_manifest(path: Path, max_bytes: int) -> PackManifest:
    if path.stat().st_size > max_bytes:
        raise ManifestError(f"manifest is larger than {max_bytes} bytes")
    try:
        raw = path.read_bytes().decode("utf-8")
        data = tomllib.loads(raw) if path.suffix == ".toml" else json.loads(raw)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ManifestError(f"manifest cannot be parsed: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ManifestError("manifest must be a table of fields")
    return parse_manifest(data)


def parse_manifest(data: Mapping[str, Any]) -> PackManifest:
    fields: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = data.get(name, "")
        if not isinstance(value, str) or not value.strip():
            raise ManifestError(f"manifest field '{name}' must be a non-empty string")
        if len(value) > MAX_FIELD_CHARS[name]:
            raise ManifestError(f"manifest field '{name}' is longer than {MAX_FIELD_CHARS[name]} characters")
        fields[name] = value.strip()
    try:
        kind = TaskKind(str(data.get("kind")))
    except ValueError as exc:
        allowed = ", ".join(k.value for k in TaskKind)
        raise ManifestError(f"manifest field 'kind' is {data.get('kind')!r}; allowed: {allowed}") from exc
    choices = parse_choices(data.get("choices", []))
    if kind is not TaskKind.NUMERIC and len(choices) < 2:
        raise ManifestError("manifest needs at least two choices")
    return PackManifest(kind=kind, choices=choices, **fields)


def parse_choices(raw: Any) -> tuple[ChoiceSpec, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_CHOICES:
        raise ManifestError(f"manifest field 'choices' must be a list of at most {MAX_CHOICES}")
    choices: list[ChoiceSpec] = []
    for entry in raw:
        if not isinstance(entry, Mapping):
            raise ManifestError("each choice needs a 'key' and a 'label'")
        key, label = entry.get("key"), entry.get("label")
        if not isinstance(key, str) or not CHOICE_KEY.fullmatch(key):
            raise ManifestError(f"choice key {key!r} must match {CHOICE_KEY.pattern}")
        if not isinstance(label, str) or not label.strip() or len(label) > 64:
            raise ManifestError(f"choice {key!r} needs a label of 1 to 64 characters")
        choices.append(ChoiceSpec(key, label.strip()))
    if len({c.key for c in choices}) != len(choices):
        raise ManifestError("choice keys must be unique")
    return tuple(choices)


def manifest_toml(manifest: PackManifest) -> str:
    """TOML text for a manifest; JSON string escapes are valid TOML basic strings."""

    def q(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [f"{name} = {q(getattr(manifest, name))}" for name in ("name", "version")]
    lines.append(f"kind = {q(manifest.kind.value)}")
    lines += [f"{name} = {q(getattr(manifest, name))}" for name in ("question", "licence", "attribution")]
    for choice in manifest.choices:
        lines += ["", "[[choices]]", f"key = {q(choice.key)}", f"label = {q(choice.label)}"]
    return "\n".join(lines) + "\n"
