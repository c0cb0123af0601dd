"""Button data: round trips, limits, and forged data refused."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.common import callbacks

choices = st.from_regex(r"\A[A-Za-z0-9_.\-]{1,24}\Z")


@given(st.integers(1, 10**17), choices)
def test_round_trip_within_telegram_limit(task_id: int, choice: str) -> None:
    data = callbacks.answer(task_id, choice)
    assert len(data.encode()) <= 64
    assert callbacks.decode(data) == callbacks.AnswerPress(task_id, choice)
    assert callbacks.decode(callbacks.quiz(task_id, choice)) == callbacks.QuizPress(task_id, choice)


@pytest.mark.parametrize(
    "forged",
    [
        None,
        "",
        "cl1:a:0:bot",
        "cl1:a:-1:bot",
        "cl1:a:12",
        "cl1:a:12:bot:extra",
        "cl0:a:12:bot",
        "cl1:a:12:bo t",
        "cl1:a:12:" + "x" * 25,
        "cl1:z:12:bot",
        "cl1:a:1" + "0" * 60 + ":bot",
        "cl1:a:12:bøt",
        "cl1:a:12:bot\n",  # `$` would match before the newline
        "cl1:q:12:bot\n",
    ],
)
def test_forged_data_decodes_to_nothing(forged: str | None) -> None:
    assert callbacks.decode(forged) is None


@given(st.text(max_size=80))
def test_arbitrary_text_never_raises(data: str) -> None:
    callbacks.decode(data)


def test_discord_templates_refuse_a_trailing_newline() -> None:
    # discord.py fullmatches custom ids against these templates.
    assert callbacks.re.compile(callbacks.ANSWER_TEMPLATE).fullmatch("cl1:a:12:bot\n") is None
    assert callbacks.re.compile(callbacks.QUIZ_TEMPLATE).fullmatch("cl1:q:12:bot") is not None


def test_unencodable_choices_are_refused() -> None:
    with pytest.raises(ValueError):
        callbacks.answer(1, "no spaces")
