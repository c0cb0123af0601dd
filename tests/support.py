"""Builders shared by the tests: settings for a temp data dir, small packs with known answers."""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from pathlib import Path

import asyncpg

from core.content.pack import ChoiceSpec, Pack, PackItem, PackManifest
from core.settings import Settings, load_settings
from core.types import TaskKind, UserRef

POSTGRES_ADMIN = os.environ.get("CHATLABEL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


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


class postgres_database:
    """A throwaway database on the local server, dropped afterwards."""

    def __init__(self) -> None:
        self.name = f"chatlabel_test_{uuid.uuid4().hex[:12]}"

    async def __aenter__(self) -> str:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await admin.execute(f'CREATE DATABASE "{self.name}"')
        finally:
            await admin.close()
        base = POSTGRES_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
        return f"{base}/{self.name}"

    async def __aexit__(self, *_: object) -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        finally:
            await admin.close()
