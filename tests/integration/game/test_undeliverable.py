"""A task the platform refused: its item is withdrawn once, for everyone, and the admins get one notice each."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from app import open_game
from core.clock import FixedClock
from core.db.tables import Assignment, Item, Notice
from core.types import NoticeKind, UserRef
from tests.support import make_settings, text_pack, user

ADMIN = UserRef("telegram", "1", "Admin")


async def test_only_the_players_own_task_is_withdrawn_and_admins_are_told(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    settings = make_settings(tmp_path, database_url, admins_telegram='["1"]', admins_discord='["99"]')
    async with open_game(settings, clock=clock, packs=[text_pack("spot-the-bot")]) as game:
        await game.start(ADMIN)
        first = (await game.start(user(1))).prompt
        assert first is not None
        assert not await game.undeliverable(user(2), first.task_id, "not theirs")  # unknown player: nothing
        await game.start(user(2))
        assert not await game.undeliverable(user(2), first.task_id, "not theirs")  # someone else's task
        assert await game.undeliverable(user(1), first.task_id, "Bad Request: PHOTO_INVALID_DIMENSIONS")
        assert not await game.undeliverable(user(1), first.task_id, "again")  # withdrawn already: told once

        async def facts(session):  # type: ignore[no-untyped-def]
            item_id = await session.scalar(select(Assignment.item_id).where(Assignment.id == first.task_id))
            status = await session.scalar(select(Item.status + ":" + Item.withdrawn_reason).where(Item.id == item_id))
            sent = list(await session.scalars(select(Notice.facts).where(Notice.kind == "task_undeliverable")))
            served = await session.scalar(select(func.count()).where(Assignment.item_id == item_id))
            return status, sent, served

        status, sent, served = await game.deps.db.transaction(facts)
        assert status == "withdrawn:not shown in chat: Bad Request: PHOTO_INVALID_DIMENSIONS"
        assert [f["reason"] for f in sent] == ["Bad Request: PHOTO_INVALID_DIMENSIONS"]  # the one admin with an account
        for player in (user(1), user(2), user(3)):
            await game.start(player)
            assert (await game.next_task(player)).task_id != first.task_id
        assert (await game.deps.db.transaction(facts))[2] == served  # nobody was given the item again
        assert NoticeKind.TASK_UNDELIVERABLE.value == "task_undeliverable"
