"""What a job spent, after a refit's corrections, as `GET /jobs/{id}/money` and the campaign stats tell it: points a
label change moves from one answer to another are not new spend, and a suspended player's pending points taken
back return to what the pool has left. Both agree with the book (funded = spent + left) and with what the
players hold."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from core.clock import FixedClock
from core.game.game import Game
from tests.integration.economy.test_refit_corrections import ITEMS, P1, P2, P3, item_of_task, relabel
from tests.integration.web.requester_support import api_client
from tests.integration.web.test_requester_items import jsonl, new_job, texts, upload


@pytest.fixture
def game(paying_game: Game) -> Game:
    return paying_game


async def played_job(game: Game, client: httpx.AsyncClient, clock: FixedClock) -> tuple[int, int]:
    """12 items at 10 points: P3 answers first, "human" on the first item and "bot" on the others, then P1 and P2
    say "bot" everywhere, so that item settles "bot" without P3. Returns (job, that item)."""
    job = await new_job(client, min_overlap=2, max_overlap=3, target_confidence=0.6, gold_rate=0, reward_per_item=10)
    assert (await upload(client, job, "items.jsonl", jsonl(texts(ITEMS)))).status_code == 201
    assert (await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "2"})).status_code == 200
    assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
    disagreed: int | None = None
    for who in (P3, P1, P2):
        prompt = (await game.start(who)).prompt
        while prompt is not None:
            clock.advance(seconds=3)
            if disagreed is None:
                disagreed = prompt.task_id
            choice = "human" if prompt.task_id == disagreed else "bot"
            prompt = (await game.answer(who, prompt.task_id, choice)).next_prompt
    return job, await item_of_task(game, disagreed)


async def figures(game: Game, client: httpx.AsyncClient, job: int) -> dict[str, Any]:
    money = (await client.get(f"/api/v1/jobs/{job}/money")).json()
    requester = (await game.requesters.list())[0]
    stats = await game.requesters.stats(requester, job)
    held = sum([(await game.economy.balances(who)).earned for who in (P1, P2, P3)])
    assert money["funded"] == money["spent"] + money["left"] + money["refunded"], money  # the pool's book
    assert stats.spend_points == money["spent"] == held, (stats, money, held)  # and what the players hold
    assert (await game.economy.audit()).ok
    return {**money, "paid_accounts": stats.paid_accounts, "shares": stats.spend_entries}


async def test_corrections_move_spend_between_answers_and_take_backs_return_to_the_pool(
    game: Game, clock: FixedClock
) -> None:
    issued = await game.requesters.add("Acme AI")
    await game.requesters.deposit("Acme AI", "5", game.economy.treasury)
    async with api_client(game, key=issued.key) as client:
        job, item = await played_job(game, client, clock)
        settled = await figures(game, client, job)
        assert settled["spent"] > 0 and settled["paid_accounts"] == 2  # P3 and P1: P2 came too late

        await relabel(game, job, [item], "human")  # P1's share of the item moves to P3 through the pool
        moved = await figures(game, client, job)
        assert {k: moved[k] for k in ("spent", "left", "items_paid")} == {
            k: settled[k] for k in ("spent", "left", "items_paid")
        }
        assert moved["shares"] == settled["shares"]  # one share taken back, one paid

        pending_p1 = (await game.economy.balances(P1)).pending
        assert pending_p1 > 0
        clock.advance(minutes=1)
        await relabel(game, job, [], None, P1)  # the refit suspends P1: their pending points go back
        suspended = await figures(game, client, job)
        assert suspended["spent"] == settled["spent"] - pending_p1
        assert suspended["left"] == settled["left"] + pending_p1
        assert suspended["paid_accounts"] == 1

        closed = await client.post(f"/api/v1/jobs/{job}/close")
        assert closed.status_code == 200
        final = await figures(game, client, job)
        assert (final["left"], final["refunded"], final["spent"]) == (0, suspended["left"], suspended["spent"])
