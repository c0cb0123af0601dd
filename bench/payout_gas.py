"""Gas per recipient of one ``pay_batch`` against the storage + log + calldata floor, and a batch's send time.

Usage: ``python bench/payout_gas.py [--chain anvil|in-process]``. With ``anvil`` (the default) a node is started
on a free port and stopped at the end; without an anvil binary the in-process EVM is used instead. Batches of
1, 10, 100 and 500 go to fresh addresses, then again to the same (now funded) addresses, on the RewardToken and
on a Distributor paying that token; a few plain ERC-20 ``transfer`` calls give the one-transaction-per-recipient
comparison. Prints a table; the last line is JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eth_account import Account
from eth_utils import to_checksum_address

from wallet import artifacts, transactions
from wallet.chain import ChainClient, Receipt
from wallet.deploy import deploy_distributor, deploy_reward_token
from wallet.devnode import anvil_binary, start_anvil
from wallet.packing import derive_batch_id, pack_batch

REPO = Path(__file__).resolve().parents[1]
SIZES = (1, 10, 100, 500)
TIMED_RUNS = 3
TRANSFER_SAMPLES = 5
FUNDS_WEI = 10**24
GOAL_RATIO = 1.02
# Amounts of 1 to 1,000 tokens: realistic rewards, and they decide how many calldata bytes are zero.
MAX_REWARD = 1_000 * 10**18
# A transaction may not ask for more gas than this since EIP-7825 (Osaka); nodes on older forks accept it too.
TX_GAS_CAP = 2**24

# The floor per recipient (EIP-2929 / EIP-2200 / EIP-3529 prices): what any contract must pay for one payment.
COLD_SLOAD = 2_100  # first touch of the recipient's balance slot
SSTORE_SET = 20_000  # zero -> non-zero: a fresh recipient
SSTORE_RESET = 2_900  # non-zero -> non-zero: an already-funded recipient
TRANSFER_LOG = 375 + 3 * 375 + 8 * 32  # LOG3: base + 3 topics (signature, from, to) + 32 data bytes = 1,756
CALLDATA_NONZERO, CALLDATA_ZERO = 16, 4  # per byte (EIP-2028)


# ---------------------------------------------------------------------------------------------------- chains


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


# ---------------------------------------------------------------------------------------------- payments


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


def calldata_gas(data: bytes) -> int:
    return sum(CALLDATA_NONZERO if byte else CALLDATA_ZERO for byte in data)


@dataclass(frozen=True)
class Floor:
    """The unavoidable gas of one payment, with its parts, for the words actually sent."""

    storage: int
    log: int
    calldata: float
    nonzero_bytes: float
    zero_bytes: float

    @property
    def total(self) -> float:
        return self.storage + self.log + self.calldata


def floor_for(packed: Sequence[int], storage: int) -> Floor:
    words = [word.to_bytes(32, "big") for word in packed]
    nonzero = sum(sum(1 for byte in w if byte) for w in words) / len(words)
    return Floor(
        storage=storage,
        log=TRANSFER_LOG,
        calldata=sum(calldata_gas(w) for w in words) / len(words),
        nonzero_bytes=nonzero,
        zero_bytes=32 - nonzero,
    )


# ----------------------------------------------------------------------------------------------- sending


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
    sender = transactions.account_address(key)
    contract = client.web3.eth.contract(address=client.contract, abi=artifacts.load("RewardToken").abi)
    estimate = contract.functions.pay_batch(batch_id, packed).estimate_gas({"from": sender})
    # The product's 20% margin, but never above the per-transaction cap (a Distributor 500 is ~15.5M with it).
    gas = min(estimate * 12 // 10, TX_GAS_CAP)
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
        gas=estimate * 12 // 10,
        fees=client.suggest_fees(),
    )
    client.broadcast(signed.raw)
    return wait_mined(client, signed.tx_hash).gas_used


# ------------------------------------------------------------------------------------------- measurements


@dataclass(frozen=True)
class Row:
    contract: str
    recipients: str  # "fresh" or "funded"
    size: int
    gas: int
    floor: Floor

    @property
    def per_recipient(self) -> float:
        # The whole transaction, 21,000 base and the batch's own bookkeeping included, shared by its recipients.
        return self.gas / self.size

    @property
    def ratio(self) -> float:
        return self.per_recipient / self.floor.total


def measure_batches(client: ChainClient, key: bytes, payments: Payments, name: str) -> list[Row]:
    """Each size to fresh addresses, then the very same addresses again, now holding a balance."""
    rows: list[Row] = []
    paid: dict[int, list[tuple[str, int]]] = {}
    for size in SIZES:
        paid[size] = payments.fresh(size)
        gas, packed = pay(client, key, payments, paid[size])
        rows.append(Row(name, "fresh", size, gas, floor_for(packed, SSTORE_SET + COLD_SLOAD)))
    for size in SIZES:
        again = [(address, payments.amount()) for address, _ in paid[size]]
        gas, packed = pay(client, key, payments, again)
        rows.append(Row(name, "funded", size, gas, floor_for(packed, SSTORE_RESET + COLD_SLOAD)))
    return rows


def measure_transfers(client: ChainClient, key: bytes, token: str, payments: Payments) -> tuple[int, int]:
    """Median gas of one plain ``transfer`` to a fresh and to a funded address, from a funded holder."""
    # The key already holds tokens (see main); these recipients get a balance first, to be paid again.
    funded = payments.fresh(TRANSFER_SAMPLES)
    pay(client.at(token), key, payments, funded)
    to_fresh = [transfer(client, key, token, address, amount) for address, amount in payments.fresh(TRANSFER_SAMPLES)]
    to_funded = [transfer(client, key, token, address, payments.amount()) for address, _ in funded]
    return int(statistics.median(to_fresh)), int(statistics.median(to_funded))


def time_batch_500(client: ChainClient, key: bytes, payments: Payments) -> list[float]:
    """Seconds to build, sign (the product's path: paid check and gas estimate), send and see mined 500 payments."""
    times: list[float] = []
    for _ in range(TIMED_RUNS):
        recipients = payments.fresh(500)  # the claims as they come from the database: not part of the timing
        started = time.perf_counter()
        packed = pack_batch(recipients)
        batch_id = payments.batch_id(len(packed))
        signed = client.sign_pay_batch(key, batch_id, packed)
        client.broadcast(signed.raw)
        wait_mined(client, signed.tx_hash)
        times.append(time.perf_counter() - started)
    return times


# ------------------------------------------------------------------------------------------------ report


def print_table(rows: list[Row], transfer_fresh: int, transfer_funded: int) -> None:
    header = (
        f"{'contract':<12} {'recipients':<10} {'batch':>5} {'gas':>12} {'gas/recipient':>14}"
        f" {'marginal':>9} {'floor':>7} {'ratio':>6}"
    )
    print(header)
    print("-" * len(header))
    previous: Row | None = None
    for row in rows:
        # Marginal: what each recipient added since the previous size, i.e. without the fixed per-batch cost.
        same_series = previous is not None and (previous.contract, previous.recipients) == (
            row.contract,
            row.recipients,
        )
        marginal = f"{(row.gas - previous.gas) / (row.size - previous.size):,.0f}" if previous and same_series else "-"
        print(
            f"{row.contract:<12} {row.recipients:<10} {row.size:>5} {row.gas:>12,} {row.per_recipient:>14,.0f}"
            f" {marginal:>9} {row.floor.total:>7,.0f} {row.ratio:>6.3f}"
        )
        previous = row
    for label, gas, floor in (
        ("fresh", transfer_fresh, _find(rows, "RewardToken", "fresh", 500).floor),
        ("funded", transfer_funded, _find(rows, "RewardToken", "funded", 500).floor),
    ):
        print(
            f"{'transfer()':<12} {label:<10} {1:>5} {gas:>12,} {gas:>14,.0f} {'-':>9} {floor.total:>7,.0f}"
            f" {gas / floor.total:>6.3f}"
        )
    print("gas/recipient: the whole transaction (21,000 base and per-batch bookkeeping included) over its size;")
    print("ratio: gas/recipient over the floor; transfer(): one plain ERC-20 transfer transaction per recipient.")


def print_floor(label: str, floor: Floor, storage_parts: str) -> None:
    print(f"floor per {label} recipient: {floor.total:,.0f} gas =")
    print(f"  {floor.storage:>6,}  balance slot: {storage_parts}")
    print(f"  {floor.log:>6,}  Transfer event: LOG3 375 + 3 topics x 375 + 32 data bytes x 8")
    print(
        f"  {floor.calldata:>6,.0f}  calldata of its packed word: {floor.nonzero_bytes:.1f} non-zero bytes x"
        f" {CALLDATA_NONZERO} + {floor.zero_bytes:.1f} zero bytes x {CALLDATA_ZERO} (mean over the batch)"
    )


def _find(rows: list[Row], contract: str, recipients: str, size: int) -> Row:
    return next(r for r in rows if r.contract == contract and r.recipients == recipients and r.size == size)


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--chain", choices=("anvil", "in-process"), default="anvil")
    args = parser.parse_args(argv)

    account = Account.create()
    key = bytes(account.key)
    payments = Payments(random.Random(7))
    started = time.perf_counter()
    with open_chain(args.chain, account.address) as (chain_used, client):
        token = deploy_reward_token(client, key, "Chat Label", "CHAT")
        distributor = deploy_distributor(client, key, token)
        # One batch before measuring: a token in use has a non-zero supply (the very first batch would pay
        # 20,000 more to set it), the Distributor needs a balance to pay from (two rounds of every size at
        # the largest reward), and the key becomes a holder for the plain transfers.
        holder = transactions.account_address(key)
        funding = [(distributor, 2 * sum(SIZES) * MAX_REWARD), (holder, 10 * TRANSFER_SAMPLES * MAX_REWARD)]
        pay(client.at(token), key, payments, funding)

        rows = measure_batches(client.at(token), key, payments, "RewardToken")
        rows += measure_batches(client.at(distributor), key, payments, "Distributor")

        transfer_fresh, transfer_funded = measure_transfers(client, key, token, payments)
        send_times = time_batch_500(client.at(token), key, payments)
    total_s = time.perf_counter() - started

    fresh, funded = _find(rows, "RewardToken", "fresh", 500), _find(rows, "RewardToken", "funded", 500)
    print(f"chain: {chain_used}")
    print_table(rows, transfer_fresh, transfer_funded)
    print()
    print_floor("fresh", fresh.floor, f"{SSTORE_SET:,} new balance + {COLD_SLOAD:,} cold slot")
    print_floor("funded", funded.floor, f"{SSTORE_RESET:,} balance update + {COLD_SLOAD:,} cold slot")
    verdict = "meets" if fresh.ratio <= GOAL_RATIO else "misses"
    print(
        f"500 fresh recipients: {fresh.per_recipient:,.0f} gas each = {fresh.ratio:.4f} x floor"
        f" ({verdict} the {GOAL_RATIO:.2f} goal); {transfer_fresh / fresh.per_recipient:.2f}x cheaper than transfer()"
    )
    print(
        f"build + sign + send + mined, batch of 500: median {statistics.median(send_times):.3f} s"
        f" (runs: {', '.join(f'{t:.3f}' for t in send_times)}); whole bench {total_s:.1f} s"
    )

    dist_fresh, dist_funded = _find(rows, "Distributor", "fresh", 500), _find(rows, "Distributor", "funded", 500)
    return {
        "chain": chain_used,
        "fresh_500_gas_per_recipient": round(fresh.per_recipient, 1),
        "funded_500_gas_per_recipient": round(funded.per_recipient, 1),
        "floor_fresh": round(fresh.floor.total, 1),
        "floor_funded": round(funded.floor.total, 1),
        "fresh_500_floor_ratio": round(fresh.ratio, 4),
        "funded_500_floor_ratio": round(funded.ratio, 4),
        "fresh_500_within_2pct": fresh.ratio <= GOAL_RATIO,
        "plain_transfer_gas_per_recipient": transfer_fresh,
        "plain_transfer_funded_gas_per_recipient": transfer_funded,
        "distributor_fresh_500_gas_per_recipient": round(dist_fresh.per_recipient, 1),
        "distributor_funded_500_gas_per_recipient": round(dist_funded.per_recipient, 1),
        "batch_500_send_s": round(statistics.median(send_times), 3),
        "gas_per_recipient": {f"{r.contract}.{r.recipients}.{r.size}": round(r.per_recipient, 1) for r in rows},
    }


if __name__ == "__main__":
    print(json.dumps(main()))
