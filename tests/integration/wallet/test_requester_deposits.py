"""Requester deposits watched on a real chain (the in-process EVM and anvil): a token transfer to the treasury
whose calldata carries the requester's reference credits its deposit once it has the configured confirmations,
and never twice; plain transfers and unknown references credit nobody."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from eth_utils import keccak

from app import open_game
from core.clock import FixedClock
from core.game.game import Game
from tests.integration.wallet.conftest import connect
from tests.support import make_settings
from wallet import artifacts, transactions
from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury
from wallet.deposits import reference_of, transfers, watch, window, with_reference
from wallet.packing import pack_payment
from wallet.treasury import ChainTreasury

TOKEN = 10**18
CONFIRMATIONS = 3


@pytest.fixture
async def game(tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'deposits.db'}")
    async with open_game(settings, clock=clock, packs=[]) as opened:
        yield opened


def send(client: ChainClient, key: bytes, to: str, data: bytes) -> None:
    sender = transactions.account_address(key)
    gas = client.web3.eth.estimate_gas({"from": sender, "to": to, "data": data})
    signed = transactions.sign(
        key,
        chain_id=client.chain_id,
        nonce=client.nonce(sender, pending=True),
        to=to,
        data=data,
        gas=gas * 2,
        fees=client.suggest_fees(),
    )
    client.broadcast(signed.raw)
    assert client.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=30)["status"] == 1


def mine(client: ChainClient, blocks: int) -> None:
    provider = client.web3.provider
    if hasattr(provider, "ethereum_tester"):
        provider.ethereum_tester.mine_blocks(blocks)
    else:
        provider.make_request("anvil_mine", [hex(blocks)])


def test_the_reference_rides_after_the_transfer_arguments() -> None:
    plain = bytes.fromhex("a9059cbb") + bytes(64)
    assert reference_of(with_reference(plain, "00ff00ff00ff00ff")) == "00ff00ff00ff00ff"
    assert reference_of(plain) is None and reference_of(plain + b"\x01") is None
    assert reference_of(bytes.fromhex("095ea7b3") + bytes(72)) is None  # approve: not a transfer
    assert window(head=10, cursor=None, confirmations=3) == (0, 8)
    assert window(head=10, cursor=8, confirmations=3) is None
    assert window(head=12, cursor=8, confirmations=3) == (9, 10)


async def test_a_transfer_carrying_the_reference_credits_the_deposit_once_confirmed(
    game: Game, chain_kind: str, request: pytest.FixtureRequest, payout_key: LocalAccount
) -> None:
    client = connect(chain_kind, request, payout_key.address)
    treasury = client.at(deploy_treasury(client, payout_key.key, "Chat Label", "CHAT", 10 * TOKEN))
    token = treasury.payout_token()
    minting = client.at(token)  # the requester's wallet gets 5 tokens to pay with
    signed = minting.sign_pay_batch(payout_key.key, keccak(b"requester"), [pack_payment(payout_key.address, 5 * TOKEN)])
    minting.broadcast(signed.raw)
    client.web3.eth.wait_for_transaction_receipt(signed.tx_hash, timeout=30)
    requester = (await game.requesters.add("Acme AI")).requester
    erc20 = client.web3.eth.contract(address=token, abi=artifacts.load("RewardToken").abi)

    def transfer(units: int) -> bytes:
        return bytes.fromhex(erc20.encode_abi("transfer", args=[treasury.contract, units]).removeprefix("0x"))

    send(client, payout_key.key, token, transfer(TOKEN))  # no reference: nobody's deposit
    send(client, payout_key.key, token, with_reference(transfer(TOKEN), "0123456789abcdef"))  # nobody's reference
    send(client, payout_key.key, token, with_reference(transfer(TOKEN // 2), requester.reference))
    assert await watch(game.requesters, treasury, CONFIRMATIONS) == []  # one confirmation so far
    assert await game.requesters.deposit_of(requester) == 0
    mine(client, CONFIRMATIONS - 1)
    credited = await watch(game.requesters, treasury, CONFIRMATIONS)
    assert [(c.reference, c.points) for c in credited] == [(requester.reference, 50)]  # 0.5 token at 0.01
    assert await watch(game.requesters, treasury, CONFIRMATIONS) == []
    mine(client, 1)
    assert await watch(game.requesters, treasury, CONFIRMATIONS) == []
    head = client.block_number()
    seen_again = transfers(treasury, token, treasury.contract, 0, head)  # every block read once more
    # The treasury's own funding, the plain transfer, the unknown reference, the requester's.
    assert [t.reference for t in seen_again] == [None, None, "0123456789abcdef", requester.reference]
    assert await game.requesters.credit_chain_deposits(seen_again, head) == []
    assert await game.requesters.deposit_of(requester) == 50
    game.economy.treasury = ChainTreasury(treasury)
    audit = await game.economy.audit()
    assert audit.ok and audit.deposits == 50 and audit.held_units == 12 * TOKEN + TOKEN // 2, audit
