"""What the database gives back, read through core/db/results.py: ids of stored rows, counts of changed rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from app import open_game
from core.db.results import id_column, rows_changed, stored_id
from core.db.tables import Account, Identity
from tests.support import make_settings, text_pack, user


async def test_a_stored_row_has_its_id_and_a_row_never_flushed_is_refused(database_url: str, tmp_path: Path) -> None:
    async with open_game(make_settings(tmp_path, database_url), packs=[text_pack()]) as game:
        welcome = await game.start(user(1))

        async def read(session: AsyncSession) -> Account | None:
            return await session.get(Account, welcome.account_id)

        stored = await game.deps.db.transaction(read)
        assert stored is not None and stored_id(stored) == welcome.account_id
        now = datetime.now(UTC)
        fresh = Account(display_name="New", referral_code="NEW", level_since=now, created_at=now)
        with pytest.raises(LookupError, match="Account has no id yet"):
            stored_id(fresh)


async def test_an_update_counts_the_rows_it_changed_on_a_session_and_on_a_connection(
    database_url: str, tmp_path: Path
) -> None:
    async with open_game(make_settings(tmp_path, database_url), packs=[text_pack()]) as game:
        first = (await game.start(user(1))).account_id
        await game.start(user(2))
        rename = update(Account).values(display_name="Renamed")

        async def on_session(session: AsyncSession) -> tuple[int, int, int]:
            one = rows_changed(await session.execute(rename.where(col(Account.id) == first)))
            none = rows_changed(await session.execute(rename.where(col(Account.id) == -1)))
            both = rows_changed(await session.execute(rename))
            return one, none, both

        assert await game.deps.db.transaction(on_session) == (1, 0, 2)

        def on_connection(session: Session) -> int:
            return rows_changed(session.connection().execute(rename.where(col(Account.id) != first)))

        assert await game.deps.db.run(on_connection) == 1

        async def on_select(session: AsyncSession) -> int:
            return rows_changed(await session.execute(select(col(Account.id))))

        with pytest.raises(TypeError, match="does not count changed rows"):
            await game.deps.db.transaction(on_select)


async def test_a_selected_id_column_reads_back_the_stored_ids(database_url: str, tmp_path: Path) -> None:
    async with open_game(make_settings(tmp_path, database_url), packs=[text_pack()]) as game:
        ids = [(await game.start(user(n))).account_id for n in (1, 2, 3)]

        async def read(session: AsyncSession) -> list[tuple[int, str]]:
            query = (
                select(id_column(Account.id), col(Identity.external_id))
                .join(Identity, col(Identity.account_id) == col(Account.id))
                .order_by(col(Account.id))
            )
            return [(account_id, external_id) for account_id, external_id in await session.execute(query)]

        assert await game.deps.db.transaction(read) == [(ids[n - 1], user(n).external_id) for n in (1, 2, 3)]
