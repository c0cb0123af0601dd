"""Button data: typed, prefixed, versioned, short enough for Telegram (64 bytes) and Discord (100 characters).

`cl1:a:<task>:<choice>` answers a task, `cl1:q:<quiz>:<choice>` a group quiz, `cl1:i:<task>` shows the task's
instructions ("?"), `cl1:l:<code>` chooses a language. Anything else, or a forged field, decodes to None and is
refused quietly.
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
INSTRUCTIONS = re.compile(rf"{PREFIX}:i:(?P<task>[1-9][0-9]{{0,17}})\Z")
LANGUAGE = re.compile(rf"{PREFIX}:l:(?P<code>[a-z]{{2,3}})\Z")
# discord.py's DynamicItem matches custom ids with a template; these are the same patterns.
ANSWER_TEMPLATE = ANSWER.pattern
QUIZ_TEMPLATE = QUIZ.pattern
INSTRUCTIONS_TEMPLATE = INSTRUCTIONS.pattern
LANGUAGE_TEMPLATE = LANGUAGE.pattern


@dataclass(frozen=True, slots=True)
class AnswerPress:
    task_id: int
    choice: str


@dataclass(frozen=True, slots=True)
class QuizPress:
    """A press on a task posted to a group or channel, answered by each member for themselves."""

    quiz_id: int
    choice: str


@dataclass(frozen=True, slots=True)
class InstructionsPress:
    """The "?" under a task: show its campaign's instructions, leaving the task as it is."""

    task_id: int


@dataclass(frozen=True, slots=True)
class LanguagePress:
    code: str


Press = AnswerPress | QuizPress | InstructionsPress | LanguagePress


def answer(task_id: int, choice: str) -> str:
    return _checked(f"{PREFIX}:a:{task_id}:{choice}")


def quiz(quiz_id: int, choice: str) -> str:
    return _checked(f"{PREFIX}:q:{quiz_id}:{choice}")


def instructions(task_id: int) -> str:
    return _checked(f"{PREFIX}:i:{task_id}")


def language(code: str) -> str:
    return _checked(f"{PREFIX}:l:{code}")


def decode(data: str | None) -> Press | None:
    if not data or len(data.encode()) > TELEGRAM_LIMIT:
        return None
    if match := ANSWER.fullmatch(data):
        return AnswerPress(int(match["task"]), match["choice"])
    if match := QUIZ.fullmatch(data):
        return QuizPress(int(match["quiz"]), match["choice"])
    if match := INSTRUCTIONS.fullmatch(data):
        return InstructionsPress(int(match["task"]))
    if match := LANGUAGE.fullmatch(data):
        return LanguagePress(match["code"])
    return None


def _checked(data: str) -> str:
    if decode(data) is None:
        raise ValueError(f"cannot encode button data {data!r}")
    return data
