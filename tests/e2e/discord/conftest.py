"""A real discord.py client over the fake Discord edge and a real database (SQLite file; PostgreSQL when asked)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from app import open_game
from bot.discord.app import ChatlabelBot, build_bot
from core.clock import FixedClock
from core.content.pack import Pack
from core.game.game import Game
from core.settings import Settings
from core.types import TaskKind
from tests.fakes.discord_edge import DiscordEdge, discord_edge
from tests.fakes.discord_payloads import FakeGuild, FakeUser
from tests.fakes.discord_records import InteractionRecord
from tests.support import fund_pools, make_settings, text_pack


@dataclass
class World:
    edge: DiscordEdge
    bot: ChatlabelBot
    game: Game
    clock: FixedClock
    settings: Settings


def settings_for(tmp_path: Path, url: str, **overrides: str) -> Settings:
    return make_settings(tmp_path, url, tasks_gold_rate="0.5", tasks_min_answer_seconds="0", **overrides)


def image_pack(folder: Path) -> Pack:
    """The image level's pack: the same known answers as `text_pack`, each item with a small PNG."""
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "picture.png"
    Image.new("RGB", (64, 48), (200, 80, 40)).save(picture)
    pack = text_pack("images", kind=TaskKind.IMAGE_BINARY)
    return replace(pack, items=tuple(replace(item, image=picture) for item in pack.items))


@asynccontextmanager
async def running(
    settings: Settings, clock: FixedClock, edge: DiscordEdge, packs: Sequence[Pack] = ()
) -> AsyncIterator[World]:
    """Open the game, build the bot and log it in against the edge; closes both."""
    shipped = [text_pack("spot-the-bot"), image_pack(settings.data_dir), *packs]
    async with open_game(settings, clock=clock, packs=shipped) as game:
        game.deps.rng.seed(7)
        await fund_pools(game)  # the shipped campaigns' pools and the engagement reserve, backed by a treasury
        bot = await edge.attach(build_bot(game, settings))
        try:
            yield World(edge, bot, game, clock, settings)
        finally:
            await bot.close()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"


@pytest.fixture
async def world(tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge) -> AsyncIterator[World]:
    async with running(settings_for(tmp_path, sqlite_url), clock, discord_edge) as opened:
        yield opened


def truth(text: str) -> str:
    """The known answer of a `text_pack` item from the text shown: even numbers are human, odd ones bot."""
    number = int(text.rsplit("number ", 1)[1].split()[0].strip("“”"))
    return "human" if number % 2 == 0 else "bot"


__all__ = ["World", "discord_edge", "running", "settings_for", "slash_resolved", "truth"]


async def slash_resolved(
    edge: DiscordEdge,
    name: str,
    *,
    user: FakeUser,
    guild: FakeGuild,
    roles: dict[str, str] | None = None,
    channels: dict[str, str] | None = None,
    strings: dict[str, str] | None = None,
    channel: str | None = None,
) -> InteractionRecord:
    """A slash command with role and channel options, resolved as Discord sends them (#resolved-data-structure)."""
    options = [{"name": k, "type": 3, "value": v} for k, v in (strings or {}).items()]
    resolved: dict[str, dict[str, Any]] = {"roles": {}, "channels": {}}
    for position, (option, role) in enumerate((roles or {}).items()):
        role_id = guild.roles[role]
        options.append({"name": option, "type": 8, "value": str(role_id)})
        resolved["roles"][str(role_id)] = guild.role_payload(role, role_id, position + 1)
    for option, target in (channels or {}).items():
        channel_id = guild.channels[target]
        options.append({"name": option, "type": 7, "value": str(channel_id)})
        resolved["channels"][str(channel_id)] = {**guild.channel_payload(channel_id), "permissions": "0"}
    command = next(c for c in edge.commands[None] if c["name"] == name)
    data = {"id": command["id"], "name": name, "type": 1, "options": options, "resolved": resolved}
    channel_id = guild.channels[channel] if channel else None
    return await edge.dispatch(edge._payload(2, user, guild, channel_id, data), user)
