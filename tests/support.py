"""Builders shared by the tests: settings for a temp data dir, small packs with known answers."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from core.content.pack import ChoiceSpec, Pack, PackItem, PackManifest
from core.settings import Settings, load_settings
from core.types import TaskKind, UserRef


def make_settings(data_dir: Path, database_url: str, **overrides: str) -> Settings:
    """The shipped config.toml, with environment-style overrides (`tasks_gold_rate="0.5"`)."""
    env: dict[str, str] = {"CHATLABEL_DATA_DIR": str(data_dir), "CHATLABEL_DATABASE_URL": database_url}
    env.update({f"CHATLABEL_{key.upper()}": value for key, value in overrides.items()})
    return load_settings(env=env)


def text_pack(
    name: str = "spot-the-bot",
    *,
    kind: TaskKind = TaskKind.BOT_OR_NOT,
    items: int = 40,
    gold_every: int = 2,
    answers: Mapping[int, str] | None = None,
) -> Pack:
    """Items `i` alternate human/bot; every `gold_every`-th item is gold."""
    manifest = PackManifest(
        name=name,
        version="1",
        kind=kind,
        question="Written by a human or a bot?",
        choices=(ChoiceSpec("human", "Human"), ChoiceSpec("bot", "Bot")),
        licence="CC0-1.0",
        attribution="tests",
    )
    pack_items = tuple(
        PackItem(
            external_id=f"{name}-{i}",
            text=f"{name} text number {i}",
            image=None,
            answers=(),
            known_answer=(answers or {}).get(i, "human" if i % 2 == 0 else "bot"),
            gold=i % gold_every == 0,
            source="tests",
        )
        for i in range(items)
    )
    return Pack(manifest=manifest, root=Path("."), items=pack_items)


def user(n: int, platform: str = "telegram") -> UserRef:
    return UserRef(platform, str(1000 + n), f"Player {n}")  # type: ignore[arg-type]
