"""Faults a payout must survive, on an anvil node over JSON-RPC: stuck fees, an unreachable or reset node."""

from __future__ import annotations

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from tests.integration.wallet.conftest import Anvil, fund, start_anvil
from wallet.chain import Broadcast, ChainClient
from wallet.deploy import deploy_reward_token
from wallet.devnode import free_port
from wallet.errors import ChainReset, ChainUnavailable, FeeCapExceeded, FeeTooLow
from wallet.packing import derive_batch_id, pack_batch
from wallet.transactions import SignedTx

GWEI = 10**9
CAP = 1_000 * GWEI


@pytest.fixture
def token(anvil: Anvil, payout_key: LocalAccount) -> ChainClient:
    client = ChainClient.from_url(anvil.url)
    fund(client, payout_key.address)
    return client.at(deploy_reward_token(client, payout_key.key, "Chat Label", "CHAT"))


def rpc(client: ChainClient, method: str, *params: object) -> object:
    return client.web3.provider.make_request(method, list(params))


def sign_one(client: ChainClient, key: bytes, claim_id: int) -> SignedTx:
    return client.sign_pay_batch(key, derive_batch_id([claim_id]), pack_batch([(Account.create().address, 1)]))


def test_a_stuck_payout_is_replaced_by_a_fee_bump(token: ChainClient, payout_key: LocalAccount) -> None:
    rpc(token, "evm_setAutomine", False)  # nothing is mined: the transaction waits in the pool
    stuck = sign_one(token, payout_key.key, 1)
    assert token.broadcast(stuck.raw) is Broadcast.SENT
    assert token.receipt(stuck.tx_hash) is None and token.is_known(stuck.tx_hash)

    replacement = token.bump_fees(stuck.raw, payout_key.key, cap=CAP)
    assert replacement.nonce == stuck.nonce and replacement.tx_hash != stuck.tx_hash
    assert replacement.fees.max_fee_per_gas * 8 >= stuck.fees.max_fee_per_gas * 9
    assert replacement.fees.max_priority_fee_per_gas * 8 >= stuck.fees.max_priority_fee_per_gas * 9
    assert token.broadcast(replacement.raw) is Broadcast.SENT
    rpc(token, "evm_mine")

    mined = token.receipt(replacement.tx_hash)
    assert mined is not None and mined.succeeded
    assert token.receipt(stuck.tx_hash) is None  # one of the two, never both
    assert token.is_batch_paid(derive_batch_id([1]))
    assert token.broadcast(stuck.raw) is Broadcast.NONCE_USED


def test_a_payout_priced_out_by_the_base_fee_is_repriced(token: ChainClient, payout_key: LocalAccount) -> None:
    rpc(token, "evm_setAutomine", False)
    cheap = sign_one(token, payout_key.key, 2)
    token.broadcast(cheap.raw)
    rpc(token, "anvil_setNextBlockBaseFeePerGas", hex(100 * GWEI))  # fees spike past its max fee
    rpc(token, "evm_mine")
    assert token.receipt(cheap.tx_hash) is None

    if not token.is_known(cheap.tx_hash):  # the node dropped it; resending it as is is refused
        with pytest.raises(FeeTooLow):
            token.broadcast(cheap.raw)
    replacement = token.bump_fees(cheap, payout_key.key, cap=CAP)
    assert replacement.fees.max_fee_per_gas > 100 * GWEI
    token.broadcast(replacement.raw)
    rpc(token, "evm_mine")
    mined = token.receipt(replacement.tx_hash)
    assert mined is not None and mined.succeeded


def test_a_bump_above_the_cap_is_refused(token: ChainClient, payout_key: LocalAccount) -> None:
    signed = sign_one(token, payout_key.key, 3)
    with pytest.raises(FeeCapExceeded) as refused:
        token.bump_fees(signed, payout_key.key, cap=signed.fees.max_fee_per_gas)
    assert "fees" in refused.value.user_message


def test_an_unreachable_node_raises_chain_unavailable(payout_key: LocalAccount) -> None:
    client = ChainClient.from_url(f"http://127.0.0.1:{free_port()}", timeout=1).at(payout_key.address)
    calls = [
        client.chain_identity,
        lambda: client.is_batch_paid(derive_batch_id([1])),
        lambda: client.receipt("0x" + "00" * 32),
        lambda: client.broadcast(b"\x02"),
        lambda: sign_one(client, payout_key.key, 1),
    ]
    for call in calls:
        with pytest.raises(ChainUnavailable) as down:
            call()
        assert "unreachable" in down.value.user_message


def test_a_restarted_dev_node_is_detected_as_reset(anvil: Anvil, payout_key: LocalAccount) -> None:
    client = ChainClient.from_url(anvil.url)
    fund(client, payout_key.address)
    token = client.at(deploy_reward_token(client, payout_key.key, "Chat Label", "CHAT"))
    recorded = token.chain_identity()
    token.check_identity(recorded)
    port = int(anvil.url.rsplit(":", 1)[1])

    anvil.stop()
    with pytest.raises(ChainUnavailable):
        token.is_batch_paid(derive_batch_id([1]))

    restarted = start_anvil(port)
    try:
        with pytest.raises(ChainReset) as reset:
            token.check_identity(recorded)
        assert token.chain_identity().contract_code_hash is None
        assert "reset" in reset.value.user_message
    finally:
        restarted.stop()
