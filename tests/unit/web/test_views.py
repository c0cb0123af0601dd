"""Cards as the page reads them: what a player sees, never what would give the answer away."""

from __future__ import annotations

from pathlib import Path

from core.types import Choice, Progress, Prompt, TaskKind
from web.mini_app import views

PROGRESS = Progress(0, "bot_or_not", "Bot spotter", "Image checker", 2, 5, 1.0, 0.8)


def prompt(kind: TaskKind, choices: int = 2, **fields: object) -> Prompt:
    options = tuple(Choice(f"c{i}", f"Choice {i}") for i in range(choices))
    defaults: dict = {"text": "", "image": None, "answers": ()}
    defaults.update(fields)
    return Prompt(7, kind, "Which?", choices=options, progress=PROGRESS, campaign="c", **defaults)


def test_an_image_card_names_the_task_not_the_file() -> None:
    card = views.card(prompt(TaskKind.IMAGE_BINARY, image=Path("/srv/packs/gold-yes-0001.png")))
    assert card is not None
    assert card["image"] == "api/image/7"
    assert "gold" not in repr(card) and "yes-0001" not in repr(card)
    assert card["swipe"] is True


def test_a_comparison_card_carries_both_answers_in_choice_order() -> None:
    card = views.card(prompt(TaskKind.COMPARISON, text="Prompt", answers=("first", "second"), image=Path("x.png")))
    assert card is not None
    assert (card["answers"], card["image"], card["text"]) == (["first", "second"], None, "Prompt")


def test_more_than_two_choices_are_buttons_not_a_swipe() -> None:
    card = views.card(prompt(TaskKind.IMAGE_CATEGORY, choices=4))
    assert card is not None
    assert card["swipe"] is False and [c["key"] for c in card["choices"]] == ["c0", "c1", "c2", "c3"]


def test_no_card_when_nothing_is_left() -> None:
    assert views.card(None) is None


def test_a_next_card_shows_its_own_progress_unless_it_is_the_one_already_shown() -> None:
    shown = views.progress(PROGRESS)
    same = views.card(prompt(TaskKind.IMAGE_BINARY), (PROGRESS, shown))
    promoted = Progress(1, "image_checker", "Image checker", None, 0, 5, None, 0.8)
    other = views.card(prompt(TaskKind.IMAGE_BINARY), (promoted, views.progress(promoted)))
    assert same is not None and same["progress"] is shown
    assert other is not None and other["progress"] == shown and other["progress"] is not shown
