"""Each player's live task message, on SQLite and PostgreSQL: posting a new one returns the one it retires,
once; posting the same again retires nothing; players and platforms are kept apart."""

from __future__ import annotations

from core.game.game import Game
from core.types import UserRef

ANN = UserRef("telegram", "1", "Ann")
ANN_ON_DISCORD = UserRef("discord", "1", "Ann")
BEN = UserRef("telegram", "2", "Ben")


async def test_a_new_message_retires_the_last_one_once(game: Game) -> None:
    assert await game.live_task(ANN) is None
    assert await game.task_posted(ANN, "1:10") is None  # the first: nothing to retire
    assert await game.task_posted(ANN, "1:10") is None  # the same message again: still the live one
    assert await game.task_posted(BEN, "2:10") is None
    assert await game.task_posted(ANN_ON_DISCORD, "77:x") is None
    assert await game.task_posted(ANN, "1:12") == "1:10"
    assert await game.task_posted(ANN, "1:15") == "1:12"  # the statement is built once; the values are each call's
    assert (await game.live_task(ANN), await game.live_task(BEN), await game.live_task(ANN_ON_DISCORD)) == (
        "1:15",
        "2:10",
        "77:x",
    )
