"""A group quiz's answers arriving while the crowd settles the quiz's item, at once on PostgreSQL.

A quiz answer counts on the item like any answer; one that read the item open while another transaction
settled it must not count afterwards (the settled item's count would then exceed its receipts).
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app import open_game
from core.clock import FixedClock
from core.db.consensus_tables import Receipt
from core.db.tables import Item
from core.errors import TaskClosed
from core.types import CommunityRef
from tests.support import make_settings, postgres_database, text_pack, user

GROUP = CommunityRef("telegram", "-1001", "Labelers")
CROWD, MEMBERS, ROUNDS = 12, 12, 1

pytestmark = pytest.mark.postgres


async def test_quiz_answers_racing_settlement_count_once(tmp_path: Path) -> None:
    clock = FixedClock(datetime(2026, 1, 5, 10, 0, tzinfo=UTC))
    async with postgres_database() as url:
        settings = make_settings(tmp_path, url, tasks_gold_rate="0", tasks_min_answer_seconds="0")
        pack = text_pack("quiz", items=2, gold_every=1000)  # item 0 is gold (never served), item 1 the quiz's
        async with open_game(settings, clock=clock, packs=[pack]) as game:
            await game.join_community(GROUP, [user(0)])
            for round_ in range(ROUNDS):
                quiz = await game.post_quiz(GROUP, user(0))
                crowd = [user(100 * round_ + n) for n in range(1, CROWD + 1)]
                prompts = [(await game.start(who)).prompt for who in crowd]
                assert all(p and p.text == quiz.prompt.text for p in prompts), "the crowd holds the quiz's item"
                members = [user(100 * round_ + 50 + n) for n in range(MEMBERS)]
                presses = [game.answer(who, p.task_id, "bot") for who, p in zip(crowd, prompts, strict=True) if p]
                presses += [game.answer_quiz(who, quiz.quiz_id, "bot") for who in members]
                results = await asyncio.gather(*presses, return_exceptions=True)
                unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, TaskClosed)]
                assert not unexpected, unexpected

            async def counts(session) -> list[tuple[int, str, int, int]]:  # type: ignore[no-untyped-def]
                receipts = select(func.count()).select_from(Receipt).where(Receipt.item_id == Item.id).scalar_subquery()
                rows = await session.execute(select(Item.id, Item.status, Item.answers, receipts).where(~Item.gold))
                return [tuple(row) for row in rows]

            rows = await game.deps.db.transaction(counts)
            settled = [row for row in rows if row[1] != "open"]
            assert settled, "the crowd should have settled the items"
            assert all(answers == receipts for _, _, answers, receipts in settled), settled
