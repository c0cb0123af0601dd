"""Core facts -> platform-neutral replies (text, optional picture, buttons); each adapter has one sender."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.common import callbacks, texts
from core.types import Outcome, Prompt, TaskKind

CAPTION_LIMIT = 1024  # Telegram's caption limit is the stricter of the two platforms


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    image: Path | bytes | None = None
    buttons: tuple[Button, ...] = field(default=())
    private: bool = True  # Discord: ephemeral when it concerns only the user


def task(prompt: Prompt) -> Reply:
    """A task as a quiz: image tasks as a picture with the question as caption, others as a message."""
    buttons = tuple(Button(choice.label, callbacks.answer(prompt.task_id, choice.key)) for choice in prompt.choices)
    buttons += set_aside_buttons(prompt.task_id)
    text = texts.prompt(prompt)
    image = prompt.image if prompt.kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY, TaskKind.NUMERIC) else None
    if image is not None and len(text) > CAPTION_LIMIT:
        text = text[: CAPTION_LIMIT - 1] + "…"
    return Reply(text=text, image=image, buttons=buttons)


def set_aside_buttons(task_id: int) -> tuple[Button, ...]:
    """ "Not sure" and "broken item", after the choices: a press sets the task aside instead of answering it."""
    return tuple(Button(label, callbacks.answer(task_id, key)) for key, label in texts.SET_ASIDE_BUTTONS.items())


def quiz(prompt: Prompt, quiz_id: int) -> Reply:
    """The same task posted to a group: buttons carry the quiz, each member's press is their own answer."""
    single = task(prompt)
    buttons = tuple(Button(choice.label, callbacks.quiz(quiz_id, choice.key)) for choice in prompt.choices)
    return Reply(text=single.text, image=single.image, buttons=buttons, private=False)


def outcome(result: Outcome) -> list[Reply]:
    """What follows a press: the verdict, then the next task."""
    replies = [Reply(text=texts.outcome(result))]
    if result.next_prompt is not None:
        replies.append(task(result.next_prompt))
    return replies
