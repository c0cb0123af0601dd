"""A ban takes effect at once: the task a member was shown before it is void, neither served again nor paid."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from core.clock import FixedClock
from core.db.tables import Assignment, LedgerEntry
from core.errors import NoTasks, UnknownTask
from core.game.game import Game
from core.types import CommunityRef
from tests.integration.admin.conftest import ADMIN, text_campaign, text_rows, write_text_pack
from tests.support import user

GROUP = CommunityRef("telegram", "-100", "Labelers")


async def test_a_ban_voids_the_task_shown_before_it(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    member = user(2)
    await admin_game.join_community(GROUP, [ADMIN])
    await text_campaign(admin_game, "Ours", community=GROUP, level=1)
    await admin_game.campaigns.import_pack(ADMIN, "Ours", write_text_pack(tmp_path / "pack", text_rows(6)))
    await admin_game.campaigns.start(ADMIN, "Ours")
    await admin_game.start(member)
    await admin_game.set_banned(GROUP, ADMIN, member, False)  # a member of the group, in good standing
    shown = await admin_game.next_task(member)
    await admin_game.set_banned(GROUP, ADMIN, member, True)
    with pytest.raises(NoTasks):
        await admin_game.next_task(member)
    clock.advance(seconds=5)
    with pytest.raises(UnknownTask):
        await admin_game.answer(member, shown.task_id, "bot")

    def recorded(session) -> tuple[int, int]:
        answered = session.scalar(select(func.count()).where(Assignment.answered_at.is_not(None)))
        return int(answered or 0), int(session.scalar(select(func.count()).select_from(LedgerEntry)) or 0)

    assert await admin_game.deps.db.run(recorded) == (0, 0)
