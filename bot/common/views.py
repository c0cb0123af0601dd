"""Core facts -> platform-neutral replies (text, optional picture, buttons); each adapter has one sender."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bot.common import callbacks, texts
from core.text_units import fit_utf16
from core.types import Prompt, TaskKind

CAPTION_LIMIT = 1024  # Telegram's caption limit (in UTF-16 units) is the stricter of the two platforms


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
    if image is not None:
        text = fit_utf16(text, CAPTION_LIMIT)
    return Reply(text=text, image=image, buttons=buttons)


def set_aside_buttons(task_id: int) -> tuple[Button, ...]:
    """ "Not sure" and "broken item", after the choices: a press sets the task aside instead of answering it."""
    return tuple(Button(label, callbacks.answer(task_id, key)) for key, label in texts.SET_ASIDE_BUTTONS.items())


def quiz(prompt: Prompt, quiz_id: int) -> Reply:
    """The same task posted to a group: buttons carry the quiz, each member's press is their own answer."""
    single = task(prompt)
    buttons = tuple(Button(choice.label, callbacks.quiz(quiz_id, choice.key)) for choice in prompt.choices)
    return Reply(text=single.text, image=single.image, buttons=buttons, private=False)
