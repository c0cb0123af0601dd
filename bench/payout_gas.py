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
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eth_account import Account

from bench.payout_floor import COLD_SLOAD, SSTORE_RESET, SSTORE_SET, Floor, floor_for, print_floor
from bench.payout_send import MAX_REWARD, Payments, open_chain, pay, transfer, wait_mined
from wallet import transactions
from wallet.chain import ChainClient
from wallet.deploy import deploy_distributor, deploy_reward_token
from wallet.packing import pack_batch

SIZES = (1, 10, 100, 500)
TIMED_RUNS = 3
TRANSFER_SAMPLES = 5
GOAL_RATIO = 1.02


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
