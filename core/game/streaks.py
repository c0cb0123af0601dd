"""Pure check-in rules: which game day a moment belongs to, how a streak continues, what a day pays."""

from __future__ import annotations

from datetime import date, datetime, timedelta


def game_day(moment: datetime, day_starts_at_hour: int) -> date:
    """Days begin at a configured UTC hour, so late-night players in one region keep one day."""
    return (moment - timedelta(hours=day_starts_at_hour)).date()


def next_streak(last_day: date | None, streak: int, today: date, grace_days: int) -> int:
    """The streak after checking in today; callers refuse a second check-in on the same day first."""
    if last_day is None or streak <= 0:
        return 1
    gap = (today - last_day).days
    return streak + 1 if 1 <= gap <= 1 + grace_days else 1


def reward(streak: int, base: int, step: int, cap: int) -> int:
    return min(cap, base + step * max(0, streak - 1))


def last_chance(today: date, grace_days: int) -> date:
    """The last check-in day of streaks that break unless the player checks in today."""
    return today - timedelta(days=1 + grace_days)


def current_streak(last_day: date | None, streak: int, today: date, grace_days: int) -> int:
    """The streak as it stands today: zero once the grace has run out."""
    if last_day is None:
        return 0
    return streak if (today - last_day).days <= 1 + grace_days else 0
