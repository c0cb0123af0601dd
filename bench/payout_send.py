"""A fresh chain for bench/payout_gas.py, deterministic payments, and sending them as the product does."""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from eth_utils import to_checksum_address

from wallet import artifacts, transactions
from wallet.chain import ChainClient, Receipt
from wallet.devnode import anvil_binary, start_anvil
from wallet.packing import derive_batch_id, pack_batch

FUNDS_WEI = 10**24
# Amounts of 1 to 1,000 tokens: realistic rewards, and they decide how many calldata bytes are zero.
MAX_REWARD = 1_000 * 10**18
# A transaction may not ask for more gas than this since EIP-7825 (Osaka); nodes on older forks accept it too.
TX_GAS_CAP = 2**24


@contextmanager
def anvil_node(binary: str) -> Iterator[str]:
    """A fresh anvil on a free port for the length of the block; yields its URL."""
    node = start_anvil(binary)
    try:
        yield node.url
    finally:
        node.stop()


@contextmanager
def open_chain(kind: str, payer: str) -> Iterator[tuple[str, ChainClient]]:
    """A fresh chain where ``payer`` holds ether; yields ``(the chain actually used, client)``."""
    binary = anvil_binary() if kind == "anvil" else None
    if kind == "anvil" and binary is None:
        print(
            "anvil is not installed (see .ci/install-anvil or set ANVIL_BIN): falling back to the in-process EVM",
            file=sys.stderr,
        )
    if binary is None:
        yield "in-process", ChainClient.in_process(funded=[payer], balance_wei=FUNDS_WEI)
        return
    with anvil_node(binary) as url:
        # A generous timeout: a 500-recipient estimate is one slow call on a busy machine.
        client = ChainClient.from_url(url, timeout=60)
        client.web3.provider.make_request("anvil_setBalance", [payer, hex(FUNDS_WEI)])  # type: ignore[attr-defined]
        yield "anvil", client


@dataclass
class Payments:
    """Deterministic recipients and amounts, so two runs pay the same calldata."""

    rng: random.Random
    batches: int = 0

    def fresh(self, n: int) -> list[tuple[str, int]]:
        # Random 20-byte addresses: never seen on this chain, and (like real ones) almost free of zero bytes.
        return [(to_checksum_address(self.rng.randbytes(20)), self.amount()) for _ in range(n)]

    def amount(self) -> int:
        return self.rng.randint(1, MAX_REWARD)

    def batch_id(self, n: int) -> bytes:
        # Distinct claim ids per batch, so no batch is refused as already paid.
        first = self.batches * 1_000
        self.batches += 1
        return derive_batch_id(range(first, first + n), namespace="bench.payout_gas")


def wait_mined(client: ChainClient, tx_hash: str, timeout: float = 60.0) -> Receipt:
    # A tight poll rather than web3's 0.1 s default, which would dominate the measured send time.
    deadline = time.monotonic() + timeout
    while (receipt := client.receipt(tx_hash)) is None:
        if time.monotonic() > deadline:
            raise RuntimeError(f"transaction {tx_hash} was not mined within {timeout} s")
        time.sleep(0.002)
    if not receipt.succeeded:
        raise RuntimeError(f"transaction {tx_hash} reverted")
    return receipt


def pay(client: ChainClient, key: bytes, payments: Payments, batch: list[tuple[str, int]]) -> tuple[int, list[int]]:
    """Pay ``batch`` in one ``pay_batch``; returns its gas used and the packed words."""
    packed = pack_batch(batch)
    batch_id = payments.batch_id(len(packed))
    # The product's estimate and margin, but never above the per-transaction cap (a Distributor 500 is ~15.5M).
    gas = min(client.estimate_pay_batch(key, batch_id, packed), TX_GAS_CAP)
    signed = client.sign_pay_batch(key, batch_id, packed, gas=gas)
    client.broadcast(signed.raw)
    return wait_mined(client, signed.tx_hash).gas_used, packed


def transfer(client: ChainClient, key: bytes, token: str, to: str, amount: int) -> int:
    """One plain ERC-20 ``transfer`` from the key's balance; returns its gas used."""
    contract = client.web3.eth.contract(address=token, abi=artifacts.load("RewardToken").abi)
    sender = transactions.account_address(key)
    estimate = contract.functions.transfer(to, amount).estimate_gas({"from": sender})
    data = bytes.fromhex(contract.encode_abi("transfer", args=[to, amount]).removeprefix("0x"))
    signed = transactions.sign(
        key,
        chain_id=client.chain_id,
        nonce=client.nonce(sender, pending=True),
        to=token,
        data=data,
        gas=transactions.with_gas_margin(estimate),
        fees=client.suggest_fees(),
    )
    client.broadcast(signed.raw)
    return wait_mined(client, signed.tx_hash).gas_used
