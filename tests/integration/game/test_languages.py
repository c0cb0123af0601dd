"""A player's language in the core, on SQLite and PostgreSQL: the choice is stored in one transaction, a bad code
is refused before anything is written, and notices carry the recipient's language (their choice, else the locale
their platform reported at /start); the "?" button reads a task's instructions without touching it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.db.tables import Account, Assignment
from core.errors import BadLanguage, NotRegistered, NotYourTask, UnknownTask
from core.game.game import Game
from core.types import NoticeKind, UserRef

ANN = UserRef("telegram", "1", "Ann")
BEN = UserRef("discord", "2", "Ben")


async def test_the_choice_is_kept_and_bad_codes_change_nothing(game: Game) -> None:
    with pytest.raises(NotRegistered):
        await game.set_language(ANN, "es")
    await game.start(ANN, locale="ru")
    assert await game.language(ANN) is None  # the platform's locale is not a choice
    for bad in ("spanish", "ES", "e", "es-ES", "es; drop table account"):
        with pytest.raises(BadLanguage):
            await game.set_language(ANN, bad)
    assert await game.language(ANN) is None
    assert await game.set_language(ANN, "es") == "es"
    assert await game.language(ANN) == "es"
    assert await game.language(BEN) is None  # not a player yet: no choice, no error


async def test_notices_carry_the_choice_else_the_locale_seen_at_start(game: Game, clock: FixedClock) -> None:
    await game.start(ANN, locale="ru")
    await game.start(BEN, locale="pt-BR")
    await game.start(UserRef("telegram", "3", "Cyd"))
    for user in (ANN, BEN):
        code = (await game.create_link_code(user)).code
        await game.link(UserRef("console", f"other-{user.external_id}", user.display_name), code)
    await game.set_language(BEN, "es")
    sent = [*await game.pending_notices("telegram"), *await game.pending_notices("discord")]
    told = {n.recipients[0].external_id: n.language for n in sent if n.kind is NoticeKind.IDENTITY_LINKED}
    assert told == {"1": "ru", "2": "es"}
    rows = await game.deps.db.transaction(lambda s: s.execute(select(Account.display_name, Account.locale)))
    assert dict(rows.all()) == {"Ann": "ru", "Ben": "pt-BR", "Cyd": None}


async def test_instructions_are_read_for_the_players_own_task_only(game: Game) -> None:
    welcome = await game.start(ANN)
    assert welcome.prompt is not None and welcome.prompt.has_instructions is False
    assert await game.task_instructions(ANN, welcome.prompt.task_id) == ""
    await game.start(BEN)
    with pytest.raises(NotYourTask):
        await game.task_instructions(BEN, welcome.prompt.task_id)
    with pytest.raises(UnknownTask):
        await game.task_instructions(ANN, 10**9)
    shown = await game.deps.db.transaction(
        lambda s: s.scalar(select(Assignment.answered_at).where(Assignment.id == welcome.prompt.task_id))
    )
    assert shown is None  # reading the instructions answered nothing
