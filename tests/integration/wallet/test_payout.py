"""Paying batches on a real EVM: the in-process chain and anvil, same tests."""

from __future__ import annotations

import os
from typing import Any

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from eth_utils import to_checksum_address
from web3.logs import DISCARD

from tests.integration.wallet.conftest import connect
from wallet import artifacts
from wallet.chain import Broadcast, ChainClient
from wallet.deploy import deploy_distributor, deploy_reward_token
from wallet.errors import BatchAlreadyPaid, ChainReset, TransactionReverted
from wallet.packing import MAX_BATCH, derive_batch_id, pack_batch

TOKEN = 10**18


def contract(client: ChainClient, name: str, address: str | None = None) -> Any:
    return client.web3.eth.contract(address=address or client.contract, abi=artifacts.load(name).abi)


def recipients(n: int) -> list[str]:
    return [to_checksum_address(os.urandom(20)) for _ in range(n)]


def pay(client: ChainClient, key: bytes, claim_ids: list[int], payments: list[tuple[str, int]]) -> Any:
    """Sign, (store,) broadcast and return the receipt, as the batcher does."""
    signed = client.sign_pay_batch(key, derive_batch_id(claim_ids), pack_batch(payments))
    assert client.broadcast(signed.raw) is Broadcast.SENT
    return client.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=10)


def test_a_batch_mints_to_every_recipient_with_events(chain: ChainClient, payout_key: LocalAccount) -> None:
    token = contract(chain, "RewardToken")
    people = recipients(3)
    payments = [(address, (i + 1) * TOKEN) for i, address in enumerate(people)]
    batch_id = derive_batch_id([11, 12, 13])
    assert not chain.is_batch_paid(batch_id)

    receipt = pay(chain, payout_key.key, [11, 12, 13], payments)

    assert receipt["status"] == 1
    assert chain.is_batch_paid(batch_id)
    assert [token.functions.balanceOf(a).call() for a in people] == [TOKEN, 2 * TOKEN, 3 * TOKEN]
    assert token.functions.totalSupply().call() == 6 * TOKEN
    transfers = token.events.Transfer().process_receipt(receipt, errors=DISCARD)
    assert [(t.args.sender, t.args.receiver, t.args.value) for t in transfers] == [
        ("0x" + "0" * 40, address, amount) for address, amount in payments
    ]
    (paid,) = token.events.BatchPaid().process_receipt(receipt, errors=DISCARD)
    assert (paid.args.batch_id, paid.args.count, paid.args.total) == (batch_id, 3, 6 * TOKEN)
    found = chain.receipt(receipt["transactionHash"].to_0x_hex())
    assert found is not None and found.succeeded and found.confirmations == 1


def test_the_same_batch_is_never_paid_twice(chain: ChainClient, payout_key: LocalAccount) -> None:
    token = contract(chain, "RewardToken")
    (person,) = recipients(1)
    pay(chain, payout_key.key, [1], [(person, TOKEN)])
    batch_id = derive_batch_id([1])

    with pytest.raises(BatchAlreadyPaid) as refused:
        chain.sign_pay_batch(payout_key.key, batch_id, pack_batch([(person, TOKEN)]))
    assert "already been paid" in refused.value.user_message

    # Even a transaction signed blindly (no simulation) is reverted by the contract.
    forced = chain.sign_pay_batch(payout_key.key, batch_id, pack_batch([(person, TOKEN)]), gas=200_000)
    chain.broadcast(forced.raw)
    chain.web3.eth.wait_for_transaction_receipt(forced.tx_hash, timeout=10)
    outcome = chain.receipt(forced.tx_hash)
    assert outcome is not None and not outcome.succeeded
    assert token.functions.balanceOf(person).call() == TOKEN


def test_only_a_minter_can_pay(chain_kind: str, request: pytest.FixtureRequest, payout_key: LocalAccount) -> None:
    stranger = Account.create()
    client = connect(chain_kind, request, payout_key.address, stranger.address)
    token = client.at(deploy_reward_token(client, payout_key.key, "Chat Label", "CHAT"))
    with pytest.raises(TransactionReverted):
        token.sign_pay_batch(stranger.key, derive_batch_id([5]), pack_batch([(recipients(1)[0], 1)]))


def test_rebroadcasting_is_harmless(chain: ChainClient, payout_key: LocalAccount) -> None:
    signed = chain.sign_pay_batch(payout_key.key, derive_batch_id([7]), pack_batch([(recipients(1)[0], 1)]))
    assert chain.broadcast(signed.raw) is Broadcast.SENT
    chain.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=10)
    assert chain.broadcast(signed.raw) is Broadcast.NONCE_USED
    assert chain.broadcast(signed.raw) is Broadcast.NONCE_USED


def test_500_recipients_in_one_transaction(chain: ChainClient, payout_key: LocalAccount, record_property: Any) -> None:
    payments = [(address, TOKEN) for address in recipients(MAX_BATCH)]
    receipt = pay(chain, payout_key.key, list(range(MAX_BATCH)), payments)
    assert receipt["status"] == 1
    per_recipient = receipt["gasUsed"] / MAX_BATCH
    record_property("fresh_500_gas_per_recipient", per_recipient)
    print(f"500 fresh recipients: {receipt['gasUsed']} gas, {per_recipient:.0f} per recipient")
    # Floor for a fresh recipient is about 24,320 (new balance, calldata, Transfer event).
    assert per_recipient < 25_000

    again = pay(chain, payout_key.key, list(range(MAX_BATCH, 2 * MAX_BATCH)), payments)
    funded = again["gasUsed"] / MAX_BATCH
    record_property("funded_500_gas_per_recipient", funded)
    print(f"500 funded recipients: {again['gasUsed']} gas, {funded:.0f} per recipient")
    assert funded < 8_000


def test_a_reorg_drops_the_batch_and_the_stored_tx_pays_it(chain: ChainClient, payout_key: LocalAccount) -> None:
    batch_id = derive_batch_id([21, 22])
    signed = chain.sign_pay_batch(payout_key.key, batch_id, pack_batch([(recipients(1)[0], TOKEN)]))
    snapshot = chain.web3.testing.snapshot()
    chain.broadcast(signed.raw)
    chain.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=10)
    assert chain.is_batch_paid(batch_id)

    chain.web3.testing.revert(snapshot)  # the block holding the batch is gone

    assert chain.receipt(signed.tx_hash) is None
    assert not chain.is_batch_paid(batch_id)
    assert chain.broadcast(signed.raw) in (Broadcast.SENT, Broadcast.ALREADY_KNOWN)
    chain.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=10)
    assert chain.is_batch_paid(batch_id)


def test_distributor_pays_from_its_balance_of_an_existing_token(
    chain_kind: str, request: pytest.FixtureRequest, payout_key: LocalAccount
) -> None:
    client = connect(chain_kind, request, payout_key.address)
    token_address = deploy_reward_token(client, payout_key.key, "Community", "COM")
    distributor = deploy_distributor(client, payout_key.key, token_address)
    # Fund the distributor with 10 tokens of the community's currency.
    pay(client.at(token_address), payout_key.key, [0], [(distributor, 10 * TOKEN)])
    payouts = client.at(distributor)
    people = recipients(3)

    receipt = pay(payouts, payout_key.key, [1, 2, 3], [(a, 2 * TOKEN) for a in people])

    token = contract(client, "RewardToken", token_address)
    assert [token.functions.balanceOf(a).call() for a in people] == [2 * TOKEN] * 3
    assert token.functions.balanceOf(distributor).call() == 4 * TOKEN
    assert len(token.events.Transfer().process_receipt(receipt, errors=DISCARD)) == 3
    (paid,) = contract(payouts, "Distributor").events.BatchPaid().process_receipt(receipt, errors=DISCARD)
    assert (paid.args.count, paid.args.total) == (3, 6 * TOKEN)
    with pytest.raises(BatchAlreadyPaid):
        payouts.sign_pay_batch(payout_key.key, derive_batch_id([1, 2, 3]), pack_batch([(people[0], 1)]))
    # More than the balance: the whole batch reverts and stays unpaid, so it can be paid once funded.
    with pytest.raises(TransactionReverted):
        payouts.sign_pay_batch(payout_key.key, derive_batch_id([4]), pack_batch([(people[0], 5 * TOKEN)]))
    assert not payouts.is_batch_paid(derive_batch_id([4]))


def test_the_chain_identity_detects_a_missing_contract(
    chain: ChainClient, chain_kind: str, request: pytest.FixtureRequest, payout_key: LocalAccount
) -> None:
    recorded = chain.chain_identity()
    assert recorded.contract_code_hash is not None
    chain.check_identity(recorded)
    # Where the recorded contract has no code (a reset dev chain), the payouts it recorded are gone.
    with pytest.raises(ChainReset):
        chain.at(recipients(1)[0]).check_identity(recorded)
    if chain_kind == "in_process":  # a restarted embedded chain starts from a new genesis
        fresh = connect(chain_kind, request, payout_key.address).at(chain.contract)
        with pytest.raises(ChainReset):
            fresh.check_identity(recorded)
