"""Packs for the levels beyond the first two, and a way to put a player on such a level directly."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sqlalchemy import text

from core.content.pack import ChoiceSpec, Pack, PackItem, PackManifest
from core.game.game import Game
from core.types import TaskKind

ANIMALS = ("cat", "dog", "bird", "fish", "horse", "cow", "sheep", "frog")
CATEGORY_LEVEL = 2  # the ladder's third rung, in config.toml
COMPARISON_LEVEL = 4


def long_answer(letter: str, number: int) -> str:
    """About 2,000 characters that end in a marker, so a test sees whether the whole answer was shown."""
    body = " ".join(f"{letter}{number}-word{i}" for i in range(230))
    return f"{body} END-OF-{letter}{number}"


def comparison_pack(items: int = 6) -> Pack:
    manifest = PackManifest(
        name="judge",
        version="1",
        kind=TaskKind.COMPARISON,
        question="Which answer is better?",
        choices=(ChoiceSpec("a", "A"), ChoiceSpec("b", "B")),
        licence="CC0-1.0",
        attribution="tests",
    )
    rows = tuple(
        PackItem(
            f"judge-{i}",
            f"Prompt number {i}: explain tides.",
            None,
            (long_answer("A", i), long_answer("B", i)),
            "a",
            i % 2 == 0,
            "tests",
        )
        for i in range(items)
    )
    return Pack(manifest=manifest, root=Path("."), items=rows)


def category_pack(root: Path, items: int = 6) -> Pack:
    root.mkdir(parents=True, exist_ok=True)
    manifest = PackManifest(
        name="animals",
        version="1",
        kind=TaskKind.IMAGE_CATEGORY,
        question="Which animal is this?",
        choices=tuple(ChoiceSpec(name, name.title()) for name in ANIMALS),
        licence="CC0-1.0",
        attribution="tests",
    )
    rows = []
    for i in range(items):
        path = root / f"animal-{i}.png"
        Image.new("RGB", (96, 96), (40, i * 30 % 255, 200)).save(path)
        rows.append(PackItem(f"animal-{i}", f"animal number {i}", path, (), ANIMALS[i % 8], i % 2 == 0, "tests"))
    return Pack(manifest=manifest, root=root, items=tuple(rows))


async def put_on_level(game: Game, display_name: str, level: int) -> None:
    """Skip the ladder: the player with this name is now on `level` (the row update a promotion makes; a
    promotion comes with an answer, so no task is left open either)."""
    async with game.deps.db.engine.begin() as connection:
        params = {"level": level, "name": display_name}
        await connection.execute(
            text("UPDATE account SET level = :level, best_level = :level WHERE display_name = :name"), params
        )
        await connection.execute(
            text(
                "DELETE FROM assignment WHERE answered_at IS NULL"
                " AND account_id IN (SELECT id FROM account WHERE display_name = :name)"
            ),
            params,
        )
