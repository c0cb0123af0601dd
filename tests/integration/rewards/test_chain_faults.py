"""Chain faults on anvil, with the payout service in this process: a stuck fee, a reorg, a revert, a node away."""

from __future__ import annotations

import os
import signal
import time

from eth_account import Account
from eth_account.signers.local import LocalAccount
from sqlalchemy import select

from core.db.reward_tables import BatchTx, PayoutBatch
from core.game.game import Game
from tests.integration.rewards.conftest import Anvil, anvil_token, claimant, fund, mine, service
from tests.integration.rewards.faults import assert_paid_exactly_once, settle
from tests.integration.rewards.test_crashes import make_claims
from wallet import artifacts, transactions
from wallet.chain import ChainClient

GWEI = 10**9


def rpc(chain: ChainClient, method: str, *params: object) -> object:
    return chain.web3.provider.make_request(method, list(params))


def token(anvil: Anvil, owner: LocalAccount, payer: LocalAccount | None = None) -> ChainClient:
    """A funded Distributor deployed by ``owner``; ``payer`` (when given) is allowed to pay from it too."""
    chain = anvil_token(anvil, owner)
    if payer is not None:
        fund(chain, payer.address)
        set_payer(chain, owner, payer.address, True)
    return chain


def set_payer(chain: ChainClient, owner: LocalAccount, payer: str, enabled: bool, tip: int = GWEI) -> str:
    contract = chain.web3.eth.contract(address=chain.contract, abi=artifacts.load("Distributor").abi)
    data = bytes.fromhex(contract.encode_abi("set_payer", args=[payer, enabled]).removeprefix("0x"))
    return send_from(chain, owner, chain.contract, data, tip)


def send_from(chain: ChainClient, sender: LocalAccount, to: str, data: bytes, tip: int = GWEI) -> str:
    fees = transactions.Fees(max_fee_per_gas=200 * GWEI + tip, max_priority_fee_per_gas=tip)
    signed = transactions.sign(
        sender.key,
        chain_id=chain.chain_id,
        nonce=chain.nonce(sender.address, pending=True),
        to=to,
        data=data,
        gas=100_000,
        fees=fees,
    )
    chain.broadcast(signed.raw)
    return signed.tx_hash


async def batch_txs(game: Game) -> list[BatchTx]:
    return list(await game.deps.db.transaction(lambda s: s.scalars(select(BatchTx).order_by(BatchTx.id))))


async def batches(game: Game) -> list[str]:
    rows = await game.deps.db.transaction(lambda s: s.scalars(select(PayoutBatch).order_by(PayoutBatch.id)))
    return [b.status for b in rows]


async def test_a_payout_stuck_under_a_low_fee_is_replaced(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    chain = token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    rpc(chain, "evm_setAutomine", False)
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "signed"
    rpc(chain, "anvil_setNextBlockBaseFeePerGas", hex(100 * GWEI))  # fees spike past the payout's max fee
    mine(chain)
    assert chain.receipt((await batch_txs(rewards_game))[0].tx_hash) is None
    time.sleep(0.6)  # stuck_after_seconds
    assert "bumped" in await payouts.tick()
    first, second = await batch_txs(rewards_game)
    old, new = transactions.decode(first.raw), transactions.decode(second.raw)
    assert new.nonce == old.nonce
    assert new.fees.max_fee_per_gas * 8 >= old.fees.max_fee_per_gas * 9
    assert new.fees.max_priority_fee_per_gas * 8 >= old.fees.max_priority_fee_per_gas * 9
    rpc(chain, "evm_setAutomine", True)
    await settle(rewards_game, payouts, chain)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_a_reorg_that_drops_the_mined_batch(rewards_game: Game, anvil: Anvil, payout_key: LocalAccount) -> None:
    chain = token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    snapshot = rpc(chain, "evm_snapshot")["result"]
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "signed"
    mined = chain.receipt((await batch_txs(rewards_game))[0].tx_hash)
    assert mined is not None and mined.confirmations == 1  # of the two required
    rpc(chain, "evm_revert", snapshot)  # the block holding the payout is gone, and the transaction with it
    assert chain.receipt((await batch_txs(rewards_game))[0].tx_hash) is None
    assert "resent" in await payouts.tick()
    await settle(rewards_game, payouts, chain)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_a_reverted_batch_is_signed_anew_under_its_id_and_paid_once(rewards_game: Game, anvil: Anvil) -> None:
    owner, payer = Account.create(), Account.create()
    chain = token(anvil, owner, payer=payer)
    wallets = await make_claims(rewards_game)
    rpc(chain, "evm_setAutomine", False)
    payouts = service(rewards_game, chain, payer.key)
    assert (await payouts.tick(force=True))[-1] == "signed"
    set_payer(chain, owner, payer.address, False, tip=50 * GWEI)  # mined first: the payout then reverts
    mine(chain)
    rpc(chain, "evm_setAutomine", True)
    payout_receipt = chain.receipt((await batch_txs(rewards_game))[0].tx_hash)
    assert payout_receipt is not None and not payout_receipt.succeeded
    mine(chain, 2)
    await payouts.tick()  # signed anew; its estimate then reverts until the payer is allowed again
    assert await batches(rewards_game) == ["assigned"]
    # The claims stay in their batch, so they can only ever be paid under that batch's on-chain id.
    assert [c.status for c in await _claims(rewards_game)] == ["batched"] * 3
    set_payer(chain, owner, payer.address, True)
    await settle(rewards_game, payouts, chain)
    assert await batches(rewards_game) == ["confirmed"]
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_the_node_unreachable_for_a_while(rewards_game: Game, anvil: Anvil, payout_key: LocalAccount) -> None:
    chain = token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "signed"
    os.kill(anvil.process.pid, signal.SIGSTOP)  # the node stops answering, its state intact
    try:
        assert await payouts.tick() == ["chain_error:ChainUnavailable"]
        who, address = await claimant(rewards_game, 9, 12)
        await rewards_game.claim(who)  # claims are still taken while the node is away
        wallets[address] = 12 * 5 * 10**17
    finally:
        os.kill(anvil.process.pid, signal.SIGCONT)
    await settle(rewards_game, payouts, chain)
    assert await batches(rewards_game) == ["confirmed", "confirmed"]
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def _claims(game: Game) -> list:
    from tests.integration.rewards.conftest import claims_of

    return await claims_of(game)
