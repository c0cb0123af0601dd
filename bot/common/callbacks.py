"""Button data: typed, prefixed, versioned, short enough for Telegram (64 bytes) and Discord (100 characters).

`cl1:a:<task>:<choice>` answers a task. Anything else, or a forged field, decodes to None and is refused quietly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "cl1"
TELEGRAM_LIMIT = 64
CHOICE = r"[A-Za-z0-9_.\-]{1,24}"
# `\Z`, not `$`: `$` also matches before a trailing newline, which would let "…:bot\n" through.
ANSWER = re.compile(rf"{PREFIX}:a:(?P<task>[1-9][0-9]{{0,17}}):(?P<choice>{CHOICE})\Z")
QUIZ = re.compile(rf"{PREFIX}:q:(?P<quiz>[1-9][0-9]{{0,17}}):(?P<choice>{CHOICE})\Z")
# discord.py's DynamicItem matches custom ids with a template; these are the same patterns.
ANSWER_TEMPLATE = ANSWER.pattern
QUIZ_TEMPLATE = QUIZ.pattern


@dataclass(frozen=True, slots=True)
class AnswerPress:
    task_id: int
    choice: str


@dataclass(frozen=True, slots=True)
class QuizPress:
    """A press on a task posted to a group or channel, answered by each member for themselves."""

    quiz_id: int
    choice: str


def answer(task_id: int, choice: str) -> str:
    return _checked(f"{PREFIX}:a:{task_id}:{choice}")


def quiz(quiz_id: int, choice: str) -> str:
    return _checked(f"{PREFIX}:q:{quiz_id}:{choice}")


def decode(data: str | None) -> AnswerPress | QuizPress | None:
    if not data or len(data.encode()) > TELEGRAM_LIMIT:
        return None
    if match := ANSWER.fullmatch(data):
        return AnswerPress(int(match["task"]), match["choice"])
    if match := QUIZ.fullmatch(data):
        return QuizPress(int(match["quiz"]), match["choice"])
    return None


def _checked(data: str) -> str:
    if decode(data) is None:
        raise ValueError(f"cannot encode button data {data!r}")
    return data
