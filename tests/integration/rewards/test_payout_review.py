"""Payout faults found in the hostile-input and fault review, each replayed on anvil over JSON-RPC.

Reorgs with evm_snapshot/evm_revert, a taken nonce with anvil_dropTransaction and a replacing transaction,
a fee spike with anvil_setNextBlockBaseFeePerGas, a small block with evm_setBlockGasLimit.
"""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.common import texts
from bot.console import payouts as console_payouts
from core.clock import FixedClock
from core.db.reward_tables import BatchTx, PayoutBatch
from core.db.tables import Notice as NoticeRow
from core.game.claim_state import PayoutEvent, PayoutEventKind
from core.game.game import Game
from core.types import Notice, NoticeKind
from tests.integration.rewards.conftest import Anvil, anvil_token, claimant, claims_of, mine, open_rewards_game
from tests.integration.rewards.faults import assert_paid_exactly_once, run_process, settle
from tests.integration.rewards.test_crashes import UNIT, make_claims
from tests.support import user
from wallet import batcher, reconciler, transactions
from wallet.chain import ChainClient
from wallet.run import FaultPoint, no_fault
from wallet.service import PayoutService

GWEI = 10**9


def rpc(chain: ChainClient, method: str, *params: object) -> object:
    answer = chain.web3.provider.make_request(method, list(params))
    assert "error" not in answer, answer
    return answer.get("result")


def service(game: Game, chain: ChainClient, key: bytes, events: list[PayoutEvent] | None = None) -> PayoutService:
    async def record(_session: object, event: PayoutEvent) -> None:
        if events is not None:
            events.append(event)

    sink = {"on_event": record} if events is not None else {}
    built = PayoutService.build(game.deps.db, game.deps.settings, client=chain, key=key, **sink)
    assert built is not None
    return built


async def stored_txs(game: Game) -> list[BatchTx]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(BatchTx).order_by(BatchTx.id))))


async def batches(game: Game) -> list[PayoutBatch]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(PayoutBatch).order_by(PayoutBatch.id))))


def cancel(chain: ChainClient, key: LocalAccount, nonce: int) -> str:
    """What an operator's wallet does to a stuck payout: a 0-value self-transfer with the same nonce."""
    fees = transactions.Fees(max_fee_per_gas=300 * GWEI, max_priority_fee_per_gas=100 * GWEI)
    signed = transactions.sign(
        key.key, chain_id=chain.chain_id, nonce=nonce, to=key.address, data=b"", gas=21_000, fees=fees
    )
    chain.broadcast(signed.raw)
    return signed.tx_hash


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


async def test_a_base_fee_above_the_cap_makes_the_batch_wait_instead_of_overpaying(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 21: at a 600 gwei base fee and a 500 gwei cap nothing is signed; below it, the max fee is capped."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    rpc(chain, "anvil_setNextBlockBaseFeePerGas", hex(600 * GWEI))
    mine(chain)
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "capped"
    assert await stored_txs(rewards_game) == []

    rpc(chain, "anvil_setNextBlockBaseFeePerGas", hex(400 * GWEI))
    mine(chain)
    await settle(rewards_game, payouts, chain)
    cap = 500 * GWEI
    assert all(int(tx.max_fee) <= cap and int(tx.priority_fee) <= cap for tx in await stored_txs(rewards_game))
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_batches_are_sized_by_the_block_gas_limit_and_a_too_big_one_is_split(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 22: with a small block nothing waits forever: batches fit it, and one assigned before it shrank splits."""
    assert batcher.batch_limit(500, 10_000_000) < 336 < batcher.batch_limit(500, 30_000_000)
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game, count=8)
    payouts = service(rewards_game, chain, payout_key.key)
    payouts.run.namespace = "review"
    assert await batcher.start_batch(payouts.run) is not None  # all 8 in one batch, under the default limit
    rpc(chain, "evm_setBlockGasLimit", hex(200_000))
    mine(chain)
    assert await reconciler.reconcile(payouts.run) == "split"
    await settle(rewards_game, payouts, chain, rounds=40)
    first, *rest = await batches(rewards_game)
    assert first.status == "split" and len(rest) >= 2
    assert all(b.status == "confirmed" and (b.gas_used or 0) <= 200_000 for b in rest)

    for n in range(20, 25):  # new claims are batched by what this block can hold, not by max_batch
        who, address = await claimant(rewards_game, n, 10)
        await rewards_game.claim(who)
        wallets[address] = 10 * UNIT
    await settle(rewards_game, payouts, chain, rounds=40)
    later = (await batches(rewards_game))[len(rest) + 1 :]
    assert later and all(b.claims <= batcher.batch_limit(500, 200_000) for b in later)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_the_check_before_a_batch_refuses_an_uncovered_treasury_and_reports_it(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Treasury: the default check refuses a batch the Distributor's balance does not cover; nothing is sent."""
    chain = anvil_token(anvil, payout_key, treasury=UNIT)
    await make_claims(rewards_game)
    events: list[PayoutEvent] = []
    payouts = service(rewards_game, chain, payout_key.key, events)
    assert (await payouts.tick(force=True))[-1] == "refused"
    assert await stored_txs(rewards_game) == []
    assert [e.kind for e in events] == [PayoutEventKind.BATCH_REFUSED]
    assert "treasury holds" in events[0].detail and chain.treasury_balance() == UNIT


async def test_a_contract_that_mints_is_refused_at_start(rewards_game: Game, anvil: Anvil) -> None:
    from tests.integration.wallet.conftest import deploy_reward_token, fund
    from wallet.errors import ChainError

    owner = Account.create()
    client = ChainClient.from_url(anvil.url)
    fund(client, owner.address)
    minting = client.at(deploy_reward_token(client, owner.key, "Chat Label", "CHAT"))
    try:
        PayoutService.build(rewards_game.deps.db, rewards_game.deps.settings, client=minting, key=owner.key.hex())
    except ChainError as refused:
        assert "not a Distributor" in refused.user_message
    else:
        raise AssertionError("a RewardToken was accepted as the payout contract")


def command(action: str, yes: bool = False) -> argparse.Namespace:
    return argparse.Namespace(action=action, yes=yes)


async def operator(payouts: PayoutService, action: str, yes: bool = False) -> str:
    """`chatlabel payouts ACTION [--yes]`, through the console adapter the command line uses."""
    out = io.StringIO()
    assert await console_payouts.run(payouts.run, command(action, yes), out) == 0
    return out.getvalue()


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


async def test_a_node_away_at_start_defers_the_contract_check_instead_of_turning_payouts_off(
    rewards_game: Game, payout_key: LocalAccount
) -> None:
    from wallet.devnode import free_port

    away = ChainClient.from_url(f"http://127.0.0.1:{free_port()}", timeout=1).at(payout_key.address)
    payouts = service(rewards_game, away, payout_key.key)
    assert not payouts.contract_checked
    assert await payouts.tick(force=True) == ["chain_error:ChainUnavailable"]


async def test_the_chat_admins_are_alerted_once_when_a_batch_is_refused(
    database_url: str, tmp_path: Path, clock: FixedClock, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """The core turns the refusal into one PAYOUT_ALERT notice per admin who uses the bot, not one per pass."""
    admin = user(50)
    async for game in open_rewards_game(tmp_path, database_url, clock, admins_telegram=admin.external_id):
        await game.start(admin)
        await make_claims(game)
        payouts = service(game, anvil_token(anvil, payout_key, treasury=UNIT), payout_key.key)
        for _ in range(2):
            assert (await payouts.tick(force=True))[-1] == "refused"
        alerts = [n for n in await game.deps.db.transaction(_notices) if n.kind == NoticeKind.PAYOUT_ALERT]
        assert len(alerts) == 1 and alerts[0].facts["event"] == "batch_refused"
        text = texts.notice(
            Notice(int(alerts[0].id or 0), alerts[0].account_id, NoticeKind.PAYOUT_ALERT, alerts[0].facts)
        )
        assert "refused" in text and "chatlabel payouts status" in text


async def _notices(session: AsyncSession) -> list[NoticeRow]:
    return list(await session.scalars(select(NoticeRow).order_by(NoticeRow.id)))


class Stop(Exception):
    """The worker stops between storing a payout and sending it."""


def stop_at(step: str) -> FaultPoint:
    def point(name: str) -> None:
        if name == step:
            raise Stop(name)

    return point


async def test_a_stored_batch_the_block_shrank_under_is_split_when_no_node_took_it(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 22 at broadcast: signed for a 30M block, refused by a 200k one, never sent: split, then paid."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game, count=8)
    payouts = service(rewards_game, chain, payout_key.key)
    payouts.run.fault = stop_at("after_store")
    try:
        await payouts.tick(force=True)
    except Stop:
        pass
    else:
        raise AssertionError("the worker did not stop after storing the payout")
    payouts.run.fault = no_fault
    rpc(chain, "evm_setBlockGasLimit", hex(200_000))
    mine(chain)
    assert "split" in await payouts.tick(force=True)
    await settle(rewards_game, payouts, chain, rounds=40)
    assert (await batches(rewards_game))[0].status == "split"
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
