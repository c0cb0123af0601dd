"""The floor of one payment's gas: what any contract must pay to credit a recipient and say so (EIP-2929 /
EIP-2200 / EIP-3529 / EIP-2028 prices), against which bench/payout_gas.py measures ``pay_batch``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The floor per recipient (EIP-2929 / EIP-2200 / EIP-3529 prices): what any contract must pay for one payment.
COLD_SLOAD = 2_100  # first touch of the recipient's balance slot
SSTORE_SET = 20_000  # zero -> non-zero: a fresh recipient
SSTORE_RESET = 2_900  # non-zero -> non-zero: an already-funded recipient
TRANSFER_LOG = 375 + 3 * 375 + 8 * 32  # LOG3: base + 3 topics (signature, from, to) + 32 data bytes = 1,756
CALLDATA_NONZERO, CALLDATA_ZERO = 16, 4  # per byte (EIP-2028)


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


def print_floor(label: str, floor: Floor, storage_parts: str) -> None:
    print(f"floor per {label} recipient: {floor.total:,.0f} gas =")
    print(f"  {floor.storage:>6,}  balance slot: {storage_parts}")
    print(f"  {floor.log:>6,}  Transfer event: LOG3 375 + 3 topics x 375 + 32 data bytes x 8")
    print(
        f"  {floor.calldata:>6,.0f}  calldata of its packed word: {floor.nonzero_bytes:.1f} non-zero bytes x"
        f" {CALLDATA_NONZERO} + {floor.zero_bytes:.1f} zero bytes x {CALLDATA_ZERO} (mean over the batch)"
    )
