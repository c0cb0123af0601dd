"""The core's facts as the JSON the page reads. A card carries what the player sees and nothing more: no known
answer, no gold flag, no file name (its picture is fetched by task id, for its own player only)."""

from __future__ import annotations

from typing import Any

from bot.common import texts
from core.types import (
    CheckIn,
    Invite,
    Leaderboard,
    Outcome,
    Profile,
    Progress,
    Prompt,
    Standing,
    TaskKind,
    level_number,
)

# Binary tasks are swiped: left is the first choice, right the second; the page shows its buttons in that order.
SWIPED = 2


def progress(facts: Progress) -> dict[str, Any]:
    return {
        "level": level_number(facts.level),
        "title": texts.level_title(facts.level_title),
        "next_title": None if facts.next_title is None else texts.level_title(facts.next_title),
        "fraction": round(facts.fraction, 4),
        "checks_answered": facts.gold_answered,
        "checks_needed": facts.gold_needed,
        "line": texts.progress_line(facts),
    }


def card(task: Prompt | None, shown: tuple[Progress, dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """`shown`: progress already put into the same response, and its view (an answer's next card stands where
    the answer left the player, so its sentences are not composed twice)."""
    if task is None:
        return None
    image = task.image is not None and task.kind is not TaskKind.COMPARISON
    return {
        "task_id": task.task_id,
        "kind": task.kind.value,
        "question": task.question,
        "text": task.text,
        "image": f"api/image/{task.task_id}" if image else None,
        "answers": list(task.answers) if task.kind is TaskKind.COMPARISON else [],
        "choices": [{"key": choice.key, "label": choice.label} for choice in task.choices],
        "swipe": len(task.choices) == SWIPED,
        "campaign": task.campaign,
        "progress": shown[1] if shown is not None and shown[0] == task.progress else progress(task.progress),
    }


def outcome(result: Outcome) -> dict[str, Any]:
    change = result.level_change
    standing = progress(result.progress)
    return {
        "task_id": result.task_id,
        "counted": result.counted,
        "repeated": result.repeated,
        "points": result.points,
        "correct": None if result.gold is None else result.gold.correct,
        "level_up": None if change is None or not change.promoted else texts.level_title(change.new_title),
        "level_down": None if change is None or change.promoted else texts.level_title(change.new_title),
        "message": "\n".join([texts.verdict(result), *([texts.level_change(change)] if change else [])]),
        "progress": standing,
        "next": card(result.next_prompt, (result.progress, standing)),
    }


def check_in(facts: CheckIn) -> dict[str, Any]:
    return {"streak": facts.streak, "points": facts.points, "message": texts.check_in(facts)}


def profile(facts: Profile) -> dict[str, Any]:
    return {
        "name": facts.display_name,
        "progress": progress(facts.progress),
        "streak": facts.streak,
        "checked_in": facts.checked_in_today,
        "points": facts.points,
        "pending": facts.pending,
        "rank": facts.rank,
        "players": facts.players,
        "answers": facts.answers,
    }


def _standing(row: Standing) -> dict[str, Any]:
    return {
        "rank": row.rank,
        "name": row.display_name,
        "points": row.points,
        "level": texts.level_title(row.level_title),
    }


def leaderboard(board: Leaderboard) -> dict[str, Any]:
    return {
        "rows": [_standing(row) for row in board.rows],
        "you": None if board.you is None else _standing(board.you),
    }


def invite(facts: Invite, link: str | None) -> dict[str, Any]:
    return {
        "link": link,
        "invited": facts.invited,
        "rewarded": facts.rewarded,
        "message": texts.invite(facts, link) if link else None,
        "share_text": texts.MINI_APP_SHARE,
    }
