"""A game with one configured admin and no seeded campaigns, and helpers that build packs on disk."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from app import open_game
from core.clock import FixedClock
from core.db.tables import Campaign, Community, Item
from core.game.game import Game
from core.types import CommunityRef, UserRef
from tests.support import make_settings, user

ADMIN = UserRef("telegram", "1", "Admin")
STRANGER = user(7)
MANIFEST = """name = "Spot the bot"
version = "1"
kind = "bot_or_not"
question = "Human or bot?"
licence = "CC0-1.0"
attribution = "tests"

[[choices]]
key = "human"
label = "Human"

[[choices]]
key = "bot"
label = "Bot"
"""


@pytest.fixture
async def admin_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path / "data", database_url, admins_telegram='["1"]', admins_console="root")
    async with open_game(settings, clock=clock, packs=[]) as opened:
        opened.deps.rng.seed(3)
        yield opened


async def make_moderator(game: Game, who: UserRef, chat: str = "-100") -> int:
    """Register `who` and record that the platform just confirmed them as an admin of the chat; its community id."""
    await game.start(who)
    await game.record_moderator(CommunityRef("telegram", chat, f"Chat {chat}"), who, True)
    found = await game.deps.db.transaction(
        lambda s: s.scalar(select(Community.id).where(Community.external_id == chat))
    )
    return int(found or 0)


async def count(game: Game, what: type = Item) -> int:
    return int(await game.deps.db.transaction(lambda s: s.scalar(select(func.count()).select_from(what))) or 0)


async def campaign_row(game: Game, name: str) -> Campaign:
    return await game.deps.db.transaction(lambda s: s.scalar(select(Campaign).where(Campaign.name == name)))


def write_text_pack(root: Path, rows: list[dict], manifest: str = MANIFEST) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "manifest.toml").write_text(manifest)
    (root / "items.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    return root


def text_rows(n: int, start: int = 0) -> list[dict]:
    """Even ids are human, odd ones bot; every third is gold."""
    return [
        {"id": f"t{i}", "text": f"text number {i}", "known_answer": ["human", "bot"][i % 2], "gold": i % 3 == 0}
        for i in range(start, start + n)
    ]


def png_bytes(color: str = "red", size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def make_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


async def text_campaign(game: Game, name: str = "Bots 2026", **terms: object) -> int:
    info = await game.campaigns.create(
        ADMIN, name=name, kind="bot_or_not", question="Human or bot?", choices="human=Human,bot=Bot", **terms
    )
    return info.campaign_id
