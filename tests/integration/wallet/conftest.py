"""Real chains for the wallet tests: the in-process EVM, and anvil over JSON-RPC when it is installed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from wallet import devnode
from wallet.chain import ChainClient
from wallet.deploy import deploy_reward_token
from wallet.devnode import Anvil, anvil_binary

REPO = Path(__file__).resolve().parents[3]
FUNDS = 10**24


def start_anvil(port: int | None = None) -> Anvil:
    binary = anvil_binary()
    if binary is None:
        pytest.skip("anvil is not installed: run .ci/install-anvil (npm @foundry-rs/anvil-linux-amd64)")
    return devnode.start_anvil(binary, port)


@pytest.fixture
def anvil() -> Iterator[Anvil]:
    node = start_anvil()
    yield node
    node.stop()


@pytest.fixture
def payout_key() -> LocalAccount:
    return Account.create()


def fund(client: ChainClient, address: str) -> None:
    """Give ``address`` ether on an anvil node (the in-process chain funds it in its genesis instead)."""
    client.web3.provider.make_request("anvil_setBalance", [address, hex(FUNDS)])


def connect(kind: str, request: pytest.FixtureRequest, *funded: str) -> ChainClient:
    """A client on a fresh chain of ``kind`` where every ``funded`` address holds ether."""
    if kind == "in_process":
        return ChainClient.in_process(funded=funded, balance_wei=FUNDS)
    node: Anvil = request.getfixturevalue("anvil")
    client = ChainClient.from_url(node.url)
    for address in funded:
        fund(client, address)
    return client


@pytest.fixture(params=["in_process", "anvil"])
def chain_kind(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def chain(chain_kind: str, request: pytest.FixtureRequest, payout_key: LocalAccount) -> ChainClient:
    """A fresh chain with a reward token deployed by ``payout_key`` (its owner and minter), bound to it."""
    client = connect(chain_kind, request, payout_key.address)
    return client.at(deploy_reward_token(client, payout_key.key, "Chat Label", "CHAT"))
