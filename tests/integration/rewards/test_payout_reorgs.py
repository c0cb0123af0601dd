"""Payout review, reorgs and taken nonces on anvil: nothing is paid twice, nothing waits forever, the operator
has a way on (`chatlabel payouts status|recover|repay`). evm_snapshot/evm_revert make the reorgs,
anvil_dropTransaction and a same-nonce transfer take a nonce.
"""

from __future__ import annotations

import time

from eth_account.signers.local import LocalAccount

from core.game.claim_state import PayoutEvent, PayoutEventKind
from core.game.game import Game
from tests.integration.rewards.conftest import Anvil, anvil_token, claimant, claims_of, mine
from tests.integration.rewards.faults import assert_paid_exactly_once, run_process, settle
from tests.integration.rewards.review import batches, cancel, operator, rpc, service, stored_txs
from tests.integration.rewards.test_crashes import UNIT, make_claims


async def test_a_taken_nonce_and_a_one_block_reorg_do_not_pay_twice(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 19: the batch is signed anew only once the replacing transaction is K deep, under the same id."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    rpc(chain, "evm_setAutomine", False)
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "signed"
    (original,) = await stored_txs(rewards_game)
    before_cancel = rpc(chain, "evm_snapshot")

    rpc(chain, "anvil_dropTransaction", original.tx_hash)
    cancel(chain, payout_key, original.nonce)
    mine(chain)  # the cancel has 1 confirmation of the 2 required
    time.sleep(0.6)  # past stuck_after_seconds
    assert (await payouts.tick())[-1] == "waiting"
    who, address = await claimant(rewards_game, 7, 14)
    await rewards_game.claim(who)  # a claim arriving meanwhile must not change what the first batch pays
    wallets[address] = 14 * UNIT

    mine(chain)  # now 2 deep: provably ours is not on this chain
    assert "retried" in await payouts.tick()
    first = (await batches(rewards_game))[0]
    retried = (await stored_txs(rewards_game))[-1]
    assert retried.nonce == original.nonce + 1 and first.claims == 3

    # A reorg undoes the cancel and mines the original after all, with the retried transaction behind it.
    rpc(chain, "evm_revert", before_cancel)
    rpc(chain, "evm_setAutomine", True)
    for tx in (original, retried):
        chain.broadcast(tx.raw)
    mine(chain, 3)
    assert chain.receipt(original.tx_hash) is not None
    await settle(rewards_game, payouts, chain)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_a_reorg_deeper_than_k_resends_the_confirmed_batch_and_no_batch_reuses_its_nonce(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 20: the database owns the nonce and rechecks confirmed batches; the dropped one is mined again."""
    chain = anvil_token(anvil, payout_key)
    before = rpc(chain, "evm_snapshot")
    wallets = await make_claims(rewards_game)
    payouts = service(rewards_game, chain, payout_key.key)
    await settle(rewards_game, payouts, chain)
    (dropped,) = await stored_txs(rewards_game)
    mine(chain, 4)  # deeper than K = 2

    rpc(chain, "evm_revert", before)
    mine(chain, 12)  # the winning branch is longer, and holds no payout
    assert chain.receipt(dropped.tx_hash) is None
    who, address = await claimant(rewards_game, 9, 12)
    await rewards_game.claim(who)
    wallets[address] = 12 * UNIT
    assert "vanished" in await payouts.tick(force=True)
    assert (await stored_txs(rewards_game))[-1].nonce == dropped.nonce + 1
    await settle(rewards_game, payouts, chain)
    mine(chain, 2)
    remined = chain.receipt(dropped.tx_hash)
    assert remined is not None
    await payouts.tick()
    assert (await batches(rewards_game))[0].block_number == remined.block_number  # followed to its new block
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_recover_signs_anew_a_confirmed_batch_whose_nonce_a_reorg_gave_to_another_transaction(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 20: `payouts recover` shows, then (with --yes) repairs, a batch provably not on chain."""
    chain = anvil_token(anvil, payout_key)
    before = rpc(chain, "evm_snapshot")
    wallets = await make_claims(rewards_game)
    payouts = service(rewards_game, chain, payout_key.key)
    await settle(rewards_game, payouts, chain)
    (dropped,) = await stored_txs(rewards_game)
    rpc(chain, "evm_revert", before)
    cancel(chain, payout_key, dropped.nonce)  # on the winning branch the payer's nonce went to a transfer
    mine(chain, 12)

    plan = await operator(payouts, "recover")
    assert "batch 1 (3 claims" in plan and "sign it anew" in plan and "--yes" in plan
    assert [c.status for c in await claims_of(rewards_game)] == ["paid"] * 3  # nothing changed without --yes
    assert "resign 1" in await operator(payouts, "recover", yes=True)
    await settle(rewards_game, payouts, chain)
    assert "Nothing for `recover` to do." in await operator(payouts, "recover")
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_a_rewound_chain_stops_payouts_and_repay_pays_exactly_the_claims_it_lost(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 23: `payouts status` shows what is at risk; `payouts repay --yes` pays only what the chain lacks."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    events: list[PayoutEvent] = []
    payouts = service(rewards_game, chain, payout_key.key, events)
    await settle(rewards_game, payouts, chain)
    kept = rpc(chain, "evm_snapshot")  # the first batch stays on the rewound chain
    rewards_game.deps.clock.advance(hours=2)
    for n in (11, 12):
        who, address = await claimant(rewards_game, n, 20)
        await rewards_game.claim(who)
        wallets[address] = 20 * UNIT
    await settle(rewards_game, payouts, chain)
    rpc(chain, "evm_revert", kept)  # the node comes back rewound to before the second batch

    assert await payouts.tick(force=True) == ["chain_reset"]
    shown = await operator(payouts, "status")
    assert "Payouts stopped" in shown and "batch 2 (2 claims, 20 tokens)" in shown and "batch 1 " not in shown
    assert "Nothing was changed" in await operator(payouts, "repay")
    assert await payouts.tick(force=True) == ["chain_reset"]  # still stopped until the operator confirms
    assert [e.kind for e in events].count(PayoutEventKind.CHAIN_RESET) == 1  # the admins are alerted once
    assert "repay 2" in await operator(payouts, "repay", yes=True)
    await settle(rewards_game, payouts, chain)
    assert "Payouts run" in await operator(payouts, "status")
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_the_payouts_command_runs_from_the_command_line_and_leaves_the_lease_free(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    chain = anvil_token(anvil, payout_key)
    await make_claims(rewards_game)
    payouts = service(rewards_game, chain, payout_key.key)
    await settle(rewards_game, payouts, chain)
    shown = run_process(rewards_game, chain, payout_key, ["cli.py", "payouts", "status"])
    assert shown.returncode == 0, shown.stderr
    assert b"Payouts run on the recorded chain" in shown.stdout and b"paid 3" in shown.stdout
    assert payout_key.key.hex().encode() not in shown.stdout + shown.stderr
    refused = run_process(rewards_game, chain, payout_key, ["cli.py", "payouts", "repay", "--yes"])
    assert refused.returncode == 0 and b"nothing to repay" in refused.stdout
    assert await payouts.tick(force=True) != ["not_leader"]  # the command released the payout lease
