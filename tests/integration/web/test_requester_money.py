"""A requester's money through the API: the operator credits the deposit (backed by the treasury), the requester
funds a job's pool from it, players' agreeing answers spend it, and closing the job refunds the rest to the
deposit. A short deposit, a bad amount, another requester's job and a read-only key are refused before
anything moves; a replayed Idempotency-Key funds once."""

from __future__ import annotations

import argparse
import io

import pytest

from bot.console import requester as console
from core.clock import FixedClock
from core.errors import RequesterError, TreasuryShort
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from tests.integration.admin.played import play
from tests.integration.web.requester_support import api_client, is_problem
from tests.integration.web.test_requester_items import jsonl, new_job, texts, upload

UNITS_PER_POINT = 10**16  # 0.01 token per point, 18 decimals


async def operator(game: Game, *argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser()
    console.add_arguments(parser)
    out, err = io.StringIO(), io.StringIO()
    code = await console.run(game, parser.parse_args(argv), out, err)
    return code, out.getvalue(), err.getvalue()


async def test_a_deposit_funds_a_job_that_spends_it_and_closing_refunds_the_rest(
    bare_game: Game, clock: FixedClock
) -> None:
    game = bare_game
    game.economy.treasury = FixedTreasury(100 * UNITS_PER_POINT)  # 1 token
    issued = await game.requesters.add("Acme AI")
    code, out, _ = await operator(game, "deposit", "Acme AI", "0.6")
    assert code == 0 and "60 points" in out, out
    async with api_client(game, key=issued.key) as client:
        account = (await client.get("/api/v1/account")).json()
        assert (account["deposit"], account["deposit_tokens"]) == (60, "0.6")
        assert account["reference"] == issued.requester.reference and len(account["reference"]) == 16
        job = await new_job(client, min_overlap=3, max_overlap=3, target_confidence=0.6, reward_per_item=2)
        assert (await upload(client, job, "items.jsonl", jsonl(texts(4)))).status_code == 201
        short = await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.7"})
        assert "60 points" in str(is_problem(short, 402)["detail"])
        funded = await client.post(
            f"/api/v1/jobs/{job}/fund", json={"tokens": "0.5"}, headers={"Idempotency-Key": "f1"}
        )
        again = await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.5"}, headers={"Idempotency-Key": "f1"})
        assert funded.status_code == 200, funded.text
        assert again.json() == funded.json() and again.headers["idempotent-replayed"] == "true"
        assert (funded.json()["deposit"], funded.json()["left"], funded.json()["funded"]) == (10, 50, 50)
        assert (await client.post(f"/api/v1/jobs/{job}/start")).status_code == 200
        for player in (1, 2, 3):
            await play(game, clock, player, None)
        money = (await client.get(f"/api/v1/jobs/{job}/money")).json()
        paid_out = (await game.economy.audit()).pending  # the players' pending points: all from this pool
        assert money["items_paid"] >= 1 and money["spent_per_item"] == 2, money
        assert (money["spent"], money["left"]) == (paid_out, 50 - paid_out) == (2 * money["items_paid"], money["left"])
        closed = await client.post(f"/api/v1/jobs/{job}/close")
        assert closed.json()["status"] == "closed"
        after = (await client.get(f"/api/v1/jobs/{job}/money")).json()
        assert (after["refunded"], after["left"], after["deposit"]) == (money["left"], 0, 10 + money["left"])
        is_problem(await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.01"}), 409)
    audit = await game.economy.audit()
    assert audit.ok and audit.deposits == 10 + money["left"] and audit.pending == money["spent"], audit


async def test_refusals_move_nothing(bare_game: Game) -> None:
    game = bare_game
    game.economy.treasury = FixedTreasury(100 * UNITS_PER_POINT)
    owner = await game.requesters.add("Owner")
    reader = await game.requesters.add("Reader", "jobs:read")
    other = await game.requesters.add("Other")
    assert (await operator(game, "deposit", "Owner", "0.5"))[0] == 0
    code, _, err = await operator(game, "deposit", "Owner", "0.51")  # the treasury holds 1 token, 0.5 promised
    assert code == 1 and "treasury" in err
    assert (await operator(game, "deposit", "Nobody", "0.1"))[0] == 1
    async with api_client(game, key=owner.key) as client:
        job = await new_job(client)
        for body in ({"tokens": "0.005"}, {"tokens": "-1"}, {"tokens": True}, {"points": 5}, {"tokens": "lots"}):
            is_problem(await client.post(f"/api/v1/jobs/{job}/fund", json=body), 422)
    async with api_client(game, key=other.key) as client:
        is_problem(await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.1"}), 404)
        is_problem(await client.get(f"/api/v1/jobs/{job}/money"), 404)
    async with api_client(game, key=reader.key) as client:
        is_problem(await client.post(f"/api/v1/jobs/{job}/fund", json={"tokens": "0.1"}), 403)
    assert await game.requesters.deposit_of(owner.requester) == 50
    assert (await game.requesters.money(owner.requester, job)).funded == 0
    audit = await game.economy.audit()
    assert audit.ok and audit.owed == 50, audit


async def test_a_deposit_needs_a_treasury_and_a_known_requester(bare_game: Game) -> None:
    await bare_game.requesters.add("Acme AI")
    code, _, err = await operator(bare_game, "deposit", "Acme AI", "1")
    assert code == 1 and "treasury" in err
    bare_game.economy.treasury = FixedTreasury(0)
    with pytest.raises(TreasuryShort):
        await bare_game.requesters.deposit("Acme AI", "1", bare_game.economy.treasury)
    with pytest.raises(RequesterError, match="Nobody"):
        await bare_game.requesters.deposit("Nobody", "1", FixedTreasury(10**30))
