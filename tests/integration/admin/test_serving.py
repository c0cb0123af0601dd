"""Serving across campaigns: a newly started campaign is served beside a half-answered one, by priority."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from app import open_game
from bot.common import texts
from core.clock import FixedClock
from core.game.game import Game
from tests.integration.admin.conftest import ADMIN, text_campaign, text_rows, write_text_pack
from tests.support import make_settings, text_pack, user

SHIPPED = "spot-the-bot"


@pytest.fixture
async def shipped_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path / "data", database_url, admins_telegram='["1"]', tasks_gold_rate="0")
    async with open_game(settings, clock=clock, packs=[text_pack(SHIPPED, items=60)]) as opened:
        opened.deps.rng.seed(5)
        yield opened


async def play(game: Game, clock: FixedClock, player: int, tasks: int) -> Counter[str]:
    served: Counter[str] = Counter()
    prompt = (await game.start(user(player))).prompt
    for _ in range(tasks):
        assert prompt is not None
        served[prompt.campaign] += 1
        clock.advance(seconds=5)
        prompt = (await game.answer(user(player), prompt.task_id, "human")).next_prompt
    return served


async def new_campaign(game: Game, tmp_path: Path, **terms: object) -> str:
    campaign = await text_campaign(game, "New", gold_rate=0, **terms)
    await game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "new", text_rows(30)))
    await game.campaigns.start(ADMIN, campaign)
    game.deps.campaigns.invalidate()
    return "New"


async def test_a_new_campaign_is_served_beside_a_half_answered_one(
    shipped_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    # Earlier players left every shipped item partly answered, so it is always "closer to resolution".
    for player in range(10, 13):
        await play(shipped_game, clock, player, 20)
    name = await new_campaign(shipped_game, tmp_path)
    served = await play(shipped_game, clock, 2, 14) + await play(shipped_game, clock, 3, 14)
    assert served[name] >= 8 and served[SHIPPED] >= 8, served


async def test_priority_set_in_chat_weights_the_share_without_starving_the_other(
    shipped_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    name = await new_campaign(shipped_game, tmp_path)
    info = await shipped_game.campaigns.update(ADMIN, name, priority="4")
    assert info.priority == 4
    shipped_game.deps.campaigns.invalidate()
    served = Counter[str]()
    for player in range(20, 26):
        served += await play(shipped_game, clock, player, 5)
    assert served[name] > 2 * served[SHIPPED] > 0, served


async def test_instructions_show_on_a_players_first_task_of_the_campaign(
    admin_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign = await text_campaign(admin_game, "Careful", gold_rate=0, instructions="Bots repeat themselves.")
    await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "c", text_rows(6)))
    await admin_game.campaigns.start(ADMIN, campaign)
    first = (await admin_game.start(user(2))).prompt
    assert first is not None and first.instructions == "Bots repeat themselves."
    assert "ℹ️ Bots repeat themselves." in texts.prompt(first)
    again = await admin_game.next_task(user(2))  # the same task shown again still explains itself
    assert again.task_id == first.task_id and again.instructions
    clock.advance(seconds=5)
    second = (await admin_game.answer(user(2), first.task_id, "human")).next_prompt
    assert second is not None and second.instructions == "" and "ℹ️" not in texts.prompt(second)
