"""A real payout process SIGKILLed at each step, on anvil with the shared SQLite file or PostgreSQL database.

Whatever step it dies at, the next worker resumes from the database and the chain: every claim is paid once.
"""

from __future__ import annotations

import signal
import time

import pytest
from eth_account.signers.local import LocalAccount

from core.game.game import Game
from tests.integration.rewards.conftest import Anvil, anvil_token, claimant, mine, service
from tests.integration.rewards.faults import assert_paid_exactly_once, run_step, settle

UNIT = 5 * 10**17  # units per point


async def make_claims(game: Game, count: int = 3) -> dict[str, int]:
    wallets = {}
    for n in range(count):
        who, address = await claimant(game, n, 10 + n)
        await game.claim(who)
        wallets[address] = (10 + n) * UNIT
    return wallets


FAULTS = ["after_assign", "after_sign", "after_store", "after_broadcast"]
# Every crash point on the SQLite file; on PostgreSQL the two around the broadcast (the runs are slow).
CASES = [("sqlite", fault) for fault in FAULTS] + [
    pytest.param("postgres", fault, marks=pytest.mark.postgres) for fault in ("after_store", "after_broadcast")
]


@pytest.mark.parametrize(("database_url", "fault"), CASES, indirect=["database_url"])
async def test_killed_while_sending_a_batch(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount, fault: str
) -> None:
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    crashed = run_step(rewards_game, chain, payout_key, fault)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]

    time.sleep(0.6)  # the dead worker's lease runs out
    survivor = service(rewards_game, chain, payout_key.key)
    await settle(rewards_game, survivor, chain)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_killed_before_the_receipt_is_recorded(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    sent = run_step(rewards_game, chain, payout_key)
    assert sent.returncode == 0, sent.stderr.decode()[-2000:]
    mine(chain, 3)
    crashed = run_step(rewards_game, chain, payout_key, "before_confirm")
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr.decode()[-2000:]
    assert {c.status for c in await _claims(rewards_game)} == {"batched"}

    time.sleep(0.6)
    survivor = service(rewards_game, chain, payout_key.key)
    await settle(rewards_game, survivor, chain)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def _claims(game: Game) -> list:
    from tests.integration.rewards.conftest import claims_of

    return await claims_of(game)
