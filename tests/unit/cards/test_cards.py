"""Every card renders to a small, deterministic PNG, whatever the players and packs put in it."""

from __future__ import annotations

import struct
import zlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from bot.common.cards import leaderboard_card, profile_card, stats_chart, task_card
from core.types import Choice, Leaderboard, Profile, Progress, Standing, TaskKind
from tests.unit.cards.conftest import make_board, make_prompt
from tests.unit.cards.helpers import opened

HOSTILE_TEXTS = [
    "",
    "   ",
    "Anna 🌸✨👩‍👩‍👧‍👦",
    "🔥🔥🔥",
    "דוד כהן",
    "محمد الأحمد",
    "mixed English עברית and العربية",
    "\u202eevil override\u202c",
    "tab\there\nnew line\r\x00\x07\x1b[31mred",
    "张伟 田中太郎 김민준",
    "W" * 500,
    "word " * 2000,
    "x" * 100_000,
    "\ud800 lone surrogate",
    "e\u0301\u0301\u0301 z̷̡̛̖a̸̢̗l̵̨̛g̶̡̛o̶",
    "\ufeff\u200b\u200d\u2060",
]


def test_profile_card_is_a_png_within_bounds(profile: Profile) -> None:
    opened(profile_card(profile))


def test_task_card_is_a_png_within_bounds(progress: Progress) -> None:
    opened(task_card(make_prompt(progress)))


def test_leaderboard_card_is_a_png_within_bounds() -> None:
    opened(leaderboard_card(make_board(["Mira", "Jonas", "Olu"])))


def test_stats_chart_is_a_png_within_bounds() -> None:
    opened(stats_chart("Label distribution", {"cat": 12, "dog": 7, "bird": 0}))


def test_cards_are_deterministic(profile: Profile, progress: Progress, photo: Path) -> None:
    prompt = make_prompt(progress, kind=TaskKind.IMAGE_BINARY, image=photo)
    board = make_board(["Mira", "Jonas"], you=Standing(9, "Anna", 10, "Bot hunter"))
    assert profile_card(profile) == profile_card(profile)
    assert task_card(prompt) == task_card(prompt)
    assert leaderboard_card(board) == leaderboard_card(board)
    assert stats_chart("t", {"a": 1}) == stats_chart("t", {"a": 1})


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_names_do_not_break_profile_or_leaderboard(profile: Profile, text: str) -> None:
    progress = replace(profile.progress, level_title=text, next_title=text)
    opened(profile_card(replace(profile, display_name=text, progress=progress)))
    you = Standing(rank=99, display_name=text, points=1, level_title=text)
    opened(leaderboard_card(make_board([text, "Mira", text], you=you)))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_texts_do_not_break_task_card(progress: Progress, text: str) -> None:
    choices = (Choice("a", text), Choice("b", text), Choice(text[:10], ""))
    prompt = make_prompt(progress, question=text, text=text, campaign=text, choices=choices)
    opened(task_card(prompt))
    opened(task_card(replace(prompt, kind=TaskKind.COMPARISON, text=f"{text}\nA: {text}\nB: {text}")))


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_hostile_labels_do_not_break_stats_chart(text: str) -> None:
    opened(stats_chart(text, {text: 3, f"{text}2": -5, "ok": 10**12}))


def test_edge_numbers_render(profile: Profile) -> None:
    top = replace(profile.progress, next_title=None, gold_needed=0, accuracy=None, accuracy_needed=0.0)
    opened(profile_card(replace(profile, progress=top, accuracy=float("nan"), streak=0, points=10**15, rank=0)))


def test_empty_leaderboard_and_chart_render() -> None:
    opened(leaderboard_card(Leaderboard(scope="all", since=None, rows=())))
    opened(leaderboard_card(Leaderboard(scope="community", since=datetime(2025, 1, 1), rows=(), you=None)))
    opened(stats_chart("", {}))


def test_long_leaderboard_and_chart_are_capped() -> None:
    board = make_board([f"Player {index}" for index in range(500)], you=Standing(1000, "Me", 1, "Bot hunter"))
    assert opened(leaderboard_card(board)).height < 1200
    assert opened(stats_chart("many", {f"label {index}": index for index in range(300)})).height < 1400


def test_many_choices_flow_onto_rows(progress: Progress) -> None:
    choices = tuple(Choice(str(index), f"Category {index}") for index in range(12))
    few = opened(task_card(make_prompt(progress, choices=choices[:2])))
    many = opened(task_card(make_prompt(progress, choices=choices)))
    assert many.height > few.height


def test_image_task_shows_the_image(progress: Progress, photo: Path) -> None:
    shown = task_card(make_prompt(progress, kind=TaskKind.IMAGE_CATEGORY, image=photo, text=""))
    missing = task_card(make_prompt(progress, kind=TaskKind.IMAGE_CATEGORY, image=None, text=""))
    opened(shown)
    assert shown != missing


def test_missing_image_draws_the_placeholder(progress: Progress, tmp_path: Path) -> None:
    no_image = task_card(make_prompt(progress, kind=TaskKind.IMAGE_BINARY, image=None, text=""))
    gone = task_card(make_prompt(progress, kind=TaskKind.IMAGE_BINARY, image=tmp_path / "gone.png", text=""))
    assert gone == no_image
    card = opened(gone)
    # The placeholder's caption sits on the panel: some light pixels on the panel's colour.
    panel = card.crop((60, 200, 740, 400)).convert("L")
    assert panel.getextrema()[1] > 120


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims enormous dimensions: only its header is real."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )
    return path


@pytest.mark.parametrize("kind", ["not_an_image", "truncated", "huge", "directory"])
def test_unusable_images_draw_the_placeholder(progress: Progress, tmp_path: Path, photo: Path, kind: str) -> None:
    if kind == "not_an_image":
        path = tmp_path / "fake.png"
        path.write_text("this is not a picture")
    elif kind == "truncated":
        path = tmp_path / "cut.jpg"
        path.write_bytes(photo.read_bytes()[:200])
    elif kind == "huge":
        path = _png_header_only(tmp_path / "huge.png", 50_000, 50_000)
    else:
        path = tmp_path
    placeholder = task_card(make_prompt(progress, kind=TaskKind.IMAGE_BINARY, image=None, text=""))
    assert task_card(make_prompt(progress, kind=TaskKind.IMAGE_BINARY, image=path, text="")) == placeholder


@pytest.mark.parametrize(
    ("mode", "size"),
    [("RGBA", (300, 200)), ("L", (8, 8)), ("I;16", (64, 64)), ("P", (100, 400)), ("RGB", (3000, 1500))],
)
def test_images_of_any_mode_and_shape_fit(progress: Progress, tmp_path: Path, mode: str, size: tuple) -> None:
    path = tmp_path / "picture.png"
    Image.new(mode, size).save(path)
    card = opened(task_card(make_prompt(progress, kind=TaskKind.IMAGE_CATEGORY, image=path)))
    assert card.width == 800


def test_photo_cards_stay_small(progress: Progress, tmp_path: Path) -> None:
    noise = tmp_path / "noise.png"
    Image.effect_noise((800, 600), 120).convert("RGB").save(noise)
    opened(task_card(make_prompt(progress, kind=TaskKind.IMAGE_CATEGORY, image=noise)))
