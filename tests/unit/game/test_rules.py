"""The pure rules: levels, streaks, codes."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from core.game import codes, levels, streaks
from core.settings import Level
from core.types import TaskKind

LADDER = (
    Level(
        key="a",
        title="A",
        kinds=(TaskKind.BOT_OR_NOT,),
        promote_min_gold=5,
        promote_accuracy=0.8,
        demote_accuracy=0.5,
        window=10,
    ),
    Level(
        key="b",
        title="B",
        kinds=(TaskKind.IMAGE_BINARY,),
        promote_min_gold=5,
        promote_accuracy=0.8,
        demote_accuracy=0.5,
        window=10,
    ),
)


def test_promotion_needs_both_count_and_accuracy() -> None:
    assert levels.next_level(LADDER, 0, [True] * 4) == 0
    assert levels.next_level(LADDER, 0, [True] * 3 + [False] * 2) == 0
    assert levels.next_level(LADDER, 0, [True] * 5) == 1
    assert levels.next_level(LADDER, 0, [True] * 8 + [False] * 2) == 1


def test_the_window_forgets_old_answers() -> None:
    recent = [True] * 10 + [False] * 30  # newest first
    assert levels.next_level(LADDER, 0, recent) == 1


def test_demotion_and_the_ends_of_the_ladder() -> None:
    assert levels.next_level(LADDER, 1, [False] * 5) == 0
    assert levels.next_level(LADDER, 0, [False] * 10) == 0
    assert levels.next_level(LADDER, 1, [True] * 10) == 1
    top = levels.progress(LADDER, 1, [True] * 3)
    assert top.next_title is None and top.fraction == 1.0


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 1))
def test_progress_fraction_is_bounded(results: list[bool], level: int) -> None:
    progress = levels.progress(LADDER, level, results)
    assert 0.0 <= progress.fraction <= 1.0
    assert progress.gold_answered == min(len(results), 10)


def test_game_day_starts_at_the_configured_hour() -> None:
    late = datetime(2026, 1, 5, 3, 0, tzinfo=UTC)
    assert streaks.game_day(late, 0) == date(2026, 1, 5)
    assert streaks.game_day(late, 4) == date(2026, 1, 4)


def test_streaks_grow_tolerate_the_grace_and_break() -> None:
    day = date(2026, 1, 10)
    assert streaks.next_streak(None, 0, day, 1) == 1
    assert streaks.next_streak(date(2026, 1, 9), 3, day, 0) == 4
    assert streaks.next_streak(date(2026, 1, 8), 3, day, 0) == 1
    assert streaks.next_streak(date(2026, 1, 8), 3, day, 1) == 4
    assert streaks.last_chance(day, 1) == date(2026, 1, 8)
    assert streaks.next_streak(streaks.last_chance(day, 1), 3, day, 1) == 4  # a check-in today still continues
    assert streaks.current_streak(streaks.last_chance(day, 1), 3, day + timedelta(days=1), 1) == 0
    assert streaks.current_streak(date(2026, 1, 7), 3, day, 1) == 0


@given(st.integers(1, 1000))
def test_rewards_grow_to_the_cap(streak: int) -> None:
    value = streaks.reward(streak, 5, 5, 50)
    assert 5 <= value <= 50
    assert value <= streaks.reward(streak + 1, 5, 5, 50)


def test_codes_are_typeable_and_normalised() -> None:
    code = codes.new_code(8)
    assert codes.looks_valid(code, 8)
    assert codes.normalise(f"ref_{code.lower()}") == code
    assert not codes.looks_valid("ABC0O1IL", 8)
