"""Facts to draw, built straight from the core's seam types."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from core.types import Choice, Leaderboard, Profile, Progress, Prompt, Standing, TaskKind


@pytest.fixture
def progress() -> Progress:
    return Progress(
        level=2,
        level_key="image",
        level_title="Image spotter",
        next_title="Image sorter",
        gold_answered=12,
        gold_needed=20,
        accuracy=0.86,
        accuracy_needed=0.9,
    )


@pytest.fixture
def profile(progress: Progress) -> Profile:
    return Profile(
        display_name="Anna Kowalska",
        progress=progress,
        streak=7,
        accuracy=0.86,
        gold_answered=12,
        answers=348,
        points=12_480,
        rank=3,
        players=1_204,
    )


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "photo.jpg"
    Image.effect_mandelbrot((640, 480), (-2, -1.2, 1, 1.2), 60).convert("RGB").save(path)
    return path


def make_prompt(progress: Progress, **changes: object) -> Prompt:
    values: dict[str, object] = {
        "task_id": 1,
        "kind": TaskKind.BOT_OR_NOT,
        "question": "Was this written by a human or a bot?",
        "text": "Just got back from the market, the peaches this year are unreal.",
        "image": None,
        "choices": (Choice("human", "Human"), Choice("bot", "Bot")),
        "progress": progress,
        "campaign": "Default pack",
    }
    values.update(changes)
    return Prompt(**values)  # type: ignore[arg-type]


def make_board(names: list[str], you: Standing | None = None) -> Leaderboard:
    rows = tuple(
        Standing(rank=index + 1, display_name=name, points=10_000 - index * 500, level_title="Bot hunter")
        for index, name in enumerate(names)
    )
    return Leaderboard(scope="week", since=datetime(2025, 5, 5), rows=rows, you=you)
