"""The audit while a payout batch is in flight: its tokens have left the treasury on chain but its claims are not
yet confirmed deep enough to be paid in the book. Neither `ledger audit` nor the check before the next batch may
fail then. On the in-process EVM and on anvil."""

from __future__ import annotations

import pytest
from eth_account.signers.local import LocalAccount
from web3.providers.eth_tester import EthereumTesterProvider

from core.game.game import Game
from tests.integration.rewards.conftest import claimant, claims_of, service
from tests.integration.wallet.conftest import connect
from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury
from wallet.treasury import ChainTreasury

POINT = 5 * 10**17  # one point at 0.5 token per point, in units


def mine_one(client: ChainClient) -> None:
    provider = client.web3.provider
    if isinstance(provider, EthereumTesterProvider):
        provider.ethereum_tester.mine_blocks(1)
    else:
        provider.make_request("evm_mine", [])


@pytest.mark.parametrize("kind", ["in_process", "anvil"])
async def test_a_batch_paid_on_chain_but_not_yet_confirmed_keeps_the_audit_passing(
    rewards_game: Game, payout_key: LocalAccount, kind: str, request: pytest.FixtureRequest
) -> None:
    who, _ = await claimant(rewards_game, 1, 30)
    await rewards_game.claim(who, 10)
    client = connect(kind, request, payout_key.address)
    chain = client.at(deploy_treasury(client, payout_key.key, "Chat Label", "CHAT", 30 * POINT))  # exactly owed
    rewards_game.economy.treasury = ChainTreasury(chain)
    before = await rewards_game.economy.audit()
    assert before.ok and before.owed == 30 and before.in_flight == 0

    payouts = service(rewards_game, chain, payout_key.key, before_batch=rewards_game.economy.payout_check)
    payouts.run.confirmations = 2
    await payouts.until_idle()  # sent and mined, one block deep: not yet confirmed
    [claim] = await claims_of(rewards_game)
    assert claim.status == "batched"
    sent = await rewards_game.economy.audit()
    assert sent.held_units == 20 * POINT  # the batch's 10 points have left the treasury
    assert (sent.claims, sent.in_flight, sent.owed, sent.unbacked_points) == (10, 10, 20, 0)
    assert sent.ok, sent
    assert (await rewards_game.economy.payout_check()).ok  # the check before the next batch passes too

    mine_one(chain)
    assert "confirmed" in await payouts.until_idle()
    paid = await rewards_game.economy.audit()
    assert (paid.claims, paid.in_flight, paid.paid, paid.owed, paid.ok) == (0, 0, 10, 20, True)
