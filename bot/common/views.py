"""Core facts -> platform-neutral replies (text, optional picture, buttons); each adapter has one sender."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from bot.common import callbacks, texts
from bot.common.cards import task_card
from core.text_units import fit_utf16, utf16_len
from core.types import Outcome, Prompt, TaskKind

CAPTION_LIMIT = 1024  # Telegram's caption limit (in UTF-16 units) is the stricter of the two platforms


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    data: str
    aside: bool = False  # "not sure" / "broken item": laid out on a row of their own, apart from the answers


@dataclass(frozen=True, slots=True)
class Reply:
    text: str
    image: Path | bytes | None = None
    buttons: tuple[Button, ...] = field(default=())
    private: bool = True  # Discord: ephemeral when it concerns only the user
    # The same text in pieces that each read alone (a long comparison), for when it is too long for one message.
    parts: tuple[str, ...] = ()

    def fits(self, limit: int) -> bool:
        """Whether one message holds it; measured as Telegram does (UTF-16 units), which Discord's count never
        exceeds."""
        return utf16_len(self.text) <= limit or not self.parts


def pieces(reply: Reply, limit: int) -> list[Reply]:
    """The reply as messages that each fit `limit`: itself, or its parts with the buttons under the last one."""
    if reply.fits(limit):
        return [reply]
    *leading, last = reply.parts
    shown = [Reply(chunk, private=reply.private) for part in leading for chunk in split(part, limit)]
    return [*shown, replace(reply, text=last, parts=())]


def split(text: str, limit: int) -> list[str]:
    """`text` in chunks of at most `limit` UTF-16 units, cut at a line break or a space where there is one."""
    chunks = []
    while utf16_len(text) > limit:
        end = _room(text, limit)
        cut = max(text.rfind("\n", 0, end), text.rfind(" ", 0, end))
        cut = cut if cut > end // 2 else end
        chunks.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*chunks, text] if text else chunks


def _room(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 units."""
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


def task(prompt: Prompt) -> Reply:
    """A task as a quiz: image tasks as the task card (the picture large, the question, the progress) with the
    question as caption, others as a message."""
    buttons = tuple(Button(choice.label, callbacks.answer(prompt.task_id, choice.key)) for choice in prompt.choices)
    buttons += set_aside_buttons(prompt.task_id) + instructions_button(prompt)
    text = texts.prompt(prompt)
    pictured = prompt.kind in (TaskKind.IMAGE_BINARY, TaskKind.IMAGE_CATEGORY, TaskKind.NUMERIC) and prompt.image
    image = task_card(prompt) if pictured else None
    if image is not None:
        text = fit_utf16(text, CAPTION_LIMIT)
    parts = texts.comparison_parts(prompt) if prompt.kind is TaskKind.COMPARISON and prompt.answers else ()
    return Reply(text=text, image=image, buttons=buttons, parts=parts)


def set_aside_buttons(task_id: int) -> tuple[Button, ...]:
    """ "Not sure" and "broken item", after the choices: a press sets the task aside instead of answering it."""
    return tuple(
        Button(label, callbacks.answer(task_id, key), aside=True) for key, label in texts.SET_ASIDE_BUTTONS.items()
    )


def instructions_button(prompt: Prompt) -> tuple[Button, ...]:
    """ "?" beside them when the campaign has instructions: a press shows them and leaves the task open."""
    if not prompt.has_instructions:
        return ()
    return (Button(texts.INSTRUCTIONS_BUTTON, callbacks.instructions(prompt.task_id), aside=True),)


def language_choices() -> Reply:
    """The /language list, each language a button under it (in its own name, readable whatever is current)."""
    buttons = tuple(Button(name, callbacks.language(code)) for code, name in texts.LANGUAGES.items())
    return Reply(texts.language_choices(), buttons=buttons)


def quiz(prompt: Prompt, quiz_id: int) -> Reply:
    """The same task posted to a group: buttons carry the quiz, each member's press is their own answer."""
    single = task(prompt)
    buttons = tuple(Button(choice.label, callbacks.quiz(quiz_id, choice.key)) for choice in prompt.choices)
    return replace(single, buttons=buttons, private=False)


def with_footer(reply: Reply, footer: str) -> Reply:
    """`footer` under the text, and under the last part when the text comes in parts (where the buttons are)."""
    parts = (*reply.parts[:-1], f"{reply.parts[-1]}\n\n{footer}") if reply.parts else ()
    return replace(reply, text=f"{reply.text}\n\n{footer}", parts=parts)


@dataclass(frozen=True, slots=True)
class Press:
    """What one press shows: a short verdict (Telegram's toast), what comes next, and the few things that
    deserve a message of their own (a level change)."""

    toast: str
    following: Reply
    extra: tuple[Reply, ...] = ()

    @property
    def replacement(self) -> Reply:
        """What the pressed message becomes: the next task with the verdict on top, so a round is one message."""
        text = f"{self.toast}\n\n{self.following.text}"
        if self.following.image is not None and utf16_len(text) > CAPTION_LIMIT:
            return self.following  # the caption is full: the toast alone carries the verdict
        return replace(self.following, text=text)


def press(result: Outcome) -> Press:
    """The verdict of a press and the task that follows it (or the word that there is none for now)."""
    extra = (Reply(texts.level_change(result.level_change)),) if result.level_change else ()
    following = task(result.next_prompt) if result.next_prompt is not None else Reply(texts.NO_MORE_TASKS)
    return Press(texts.verdict(result), following, extra)
