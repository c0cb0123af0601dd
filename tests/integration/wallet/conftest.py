"""Real chains for the wallet tests: the in-process EVM, and anvil over JSON-RPC when it is installed."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount

from wallet.chain import ChainClient
from wallet.deploy import deploy_reward_token

REPO = Path(__file__).resolve().parents[3]
FUNDS = 10**24


def anvil_binary() -> str | None:
    """``$ANVIL_BIN``, else the copy ``.ci/install-anvil`` puts in ``.tools/``, else one on PATH."""
    candidates = [
        os.environ.get("ANVIL_BIN"),
        str(REPO / ".tools/node_modules/.bin/anvil"),
        str(REPO / ".tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"),
        shutil.which("anvil"),
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Anvil:
    url: str
    process: subprocess.Popen[bytes]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def start_anvil(port: int | None = None) -> Anvil:
    binary = anvil_binary()
    if binary is None:
        pytest.skip("anvil is not installed: run .ci/install-anvil (npm @foundry-rs/anvil-linux-amd64)")
    port = port or free_port()
    process = subprocess.Popen(
        [binary, "--host", "127.0.0.1", "--port", str(port), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    node = Anvil(f"http://127.0.0.1:{port}", process)
    probe = ChainClient.from_url(node.url, timeout=1)
    deadline = time.monotonic() + 15
    while True:
        try:
            probe.web3.eth.chain_id  # noqa: B018 - the call is the readiness probe
            return node
        except Exception:
            if process.poll() is not None or time.monotonic() > deadline:
                node.stop()
                raise RuntimeError(f"anvil did not start on port {port}") from None
            time.sleep(0.05)


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
