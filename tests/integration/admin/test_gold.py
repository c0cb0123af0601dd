"""Gold in a running campaign: pass rates in stats, a wrong gold item corrected or retired, reports shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.common import texts
from core.clock import FixedClock
from core.db.tables import Account, Assignment, Item
from core.errors import InvalidCampaign, NotAllowed
from core.game import tasks
from core.game.game import Game
from core.types import REPORT, CampaignStats
from tests.integration.admin.conftest import ADMIN, STRANGER, text_campaign, text_rows, write_text_pack
from tests.support import user

WRONG = "t0"  # shipped as "human"; careful players know it is a bot


def truth(text: str) -> str:
    number = int(text.rsplit(" ", 1)[1])
    return "bot" if number == 0 else ["human", "bot"][number % 2]


async def running(game: Game, tmp_path: Path) -> int:
    campaign = await text_campaign(game, gold_rate=1.0)
    await game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "p", text_rows(30)))
    await game.campaigns.start(ADMIN, campaign)
    return campaign


async def play_gold(game: Game, clock: FixedClock, player: int, tasks: int = 10) -> None:
    """Answer `tasks` tasks as a careful player would (gold comes first at gold_rate 1)."""
    prompt = (await game.start(user(player))).prompt
    for _ in range(tasks):
        assert prompt is not None
        clock.advance(seconds=5)
        prompt = (await game.answer(user(player), prompt.task_id, truth(prompt.text))).next_prompt


async def failed_on(game: Game, external_id: str) -> int:
    """Answers of the gold item scored wrong."""
    return int(
        await game.deps.db.transaction(
            lambda s: s.scalar(
                select(func.count())
                .select_from(Assignment)
                .join(Item, Item.id == Assignment.item_id)
                .where(Item.external_id == external_id, Assignment.gold.is_(True), Assignment.correct.is_(False))
            )
        )
        or 0
    )


async def records_match_answers(game: Game) -> bool:
    """Every player's cached recent-gold record equals the one read from their answers."""

    async def check(session: AsyncSession) -> bool:
        for account in (await session.scalars(select(Account))).all():
            truth = await tasks.recent_gold_from_answers(session, account, game.deps)
            if account.gold_recent != "".join("1" if right else "0" for right in truth):
                return False
        return True

    return await game.deps.db.transaction(check)


async def test_stats_flag_the_gold_item_honest_players_fail_and_correcting_it_rescores(
    admin_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign = await running(admin_game, tmp_path)
    for player in range(1, 5):
        await play_gold(admin_game, clock, 10 + player)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    first = stats.gold[0]
    assert first.external_id == WRONG and first.suspect and first.pass_rate == 0.0 and first.honest_answers == 4
    assert not any(g.suspect for g in stats.gold[1:]) and all(g.pass_rate == 1.0 for g in stats.gold[1:])
    assert "⚠️ most honest players fail it" in texts_of(stats)
    assert await failed_on(admin_game, WRONG) == 4
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.correct_gold(STRANGER, campaign, WRONG, "bot")
    with pytest.raises(InvalidCampaign, match="isn't one of"):
        await admin_game.campaigns.correct_gold(ADMIN, campaign, WRONG, "robot")
    changed = await admin_game.campaigns.correct_gold(ADMIN, campaign, WRONG, "bot")
    assert changed.players == 4 and changed.answer == "bot"
    assert await failed_on(admin_game, WRONG) == 0 and await records_match_answers(admin_game)
    after = await admin_game.campaigns.stats(ADMIN, campaign)
    assert all(g.pass_rate == 1.0 and not g.suspect for g in after.gold)


async def test_a_retired_gold_item_stops_counting_and_is_not_served(
    admin_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign = await running(admin_game, tmp_path)
    await play_gold(admin_game, clock, 11)
    assert await failed_on(admin_game, WRONG) == 1
    await admin_game.campaigns.retire_gold(ADMIN, campaign, WRONG)
    assert await failed_on(admin_game, WRONG) == 0 and await records_match_answers(admin_game)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    assert WRONG not in {g.external_id for g in stats.gold}
    assert (stats.gold_items, stats.out_of_play) == (9, 1)  # a retired check is one no more, and is counted apart
    with pytest.raises(InvalidCampaign):
        await admin_game.campaigns.retire_gold(ADMIN, campaign, WRONG)
    served = []
    prompt = (await admin_game.start(user(12))).prompt
    for _ in range(30):
        if prompt is None:
            break
        served.append(prompt.text)
        clock.advance(seconds=5)
        prompt = (await admin_game.answer(user(12), prompt.task_id, "human")).next_prompt
    assert "text number 0" not in served and len(served) == 29


async def test_new_gold_uploaded_into_a_running_campaign_is_served(
    admin_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign = await running(admin_game, tmp_path)
    extra = [{"id": "g-new", "text": "fresh gold", "known_answer": "bot", "gold": True}]
    result = await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "more", extra))
    assert result.gold_items == 1
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    assert stats.gold_items == 11
    prompt = (await admin_game.start(user(13))).prompt
    texts_seen = []
    for _ in range(11):
        assert prompt is not None
        texts_seen.append(prompt.text)
        clock.advance(seconds=5)
        prompt = (await admin_game.answer(user(13), prompt.task_id, "bot")).next_prompt
    assert "fresh gold" in texts_seen


async def test_reports_show_in_the_campaigns_stats(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await running(admin_game, tmp_path)
    for player in (21, 22):
        prompt = (await admin_game.start(user(player))).prompt
        assert prompt is not None
        await admin_game.answer(user(player), prompt.task_id, REPORT)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    assert stats.reports == 2 and stats.skips == 0 and sum(count for _, count in stats.reported) == 2
    assert "2 reported broken" in texts_of(stats) and "Most reported: " in texts_of(stats)


def texts_of(stats: CampaignStats) -> str:
    return texts.campaign_stats(stats)
