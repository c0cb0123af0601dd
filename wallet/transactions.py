"""Signed EIP-1559 transactions as plain values, and the fee-bump rule. Pure apart from eth-account.

A batcher stores ``SignedTx.raw`` and ``SignedTx.tx_hash`` before broadcasting; everything else can be
recovered from ``raw`` with :func:`decode`, so a restarted process can rebroadcast or replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account import Account
from eth_account.typed_transactions import TypedTransaction
from eth_utils import keccak, to_checksum_address
from hexbytes import HexBytes

from wallet.errors import ChainError, FeeCapExceeded

# Nodes refuse a same-nonce replacement unless both fee fields rise by a minimum (geth: 10%); 12.5% also
# clears the next block's largest possible base-fee increase.
BUMP_NUMERATOR, BUMP_DENOMINATOR = 9, 8
GAS_MARGIN_PERCENT = 20  # estimates are exact for the current state; storage can be colder when it lands


@dataclass(frozen=True, slots=True)
class Fees:
    max_fee_per_gas: int
    max_priority_fee_per_gas: int


@dataclass(frozen=True, slots=True)
class SignedTx:
    raw: bytes
    tx_hash: str
    sender: str
    to: str | None  # None for a contract creation
    nonce: int
    gas: int
    chain_id: int
    fees: Fees


def account_address(key: str | bytes) -> str:
    """The address of a private key. The key never appears in the error, even on bad input."""
    try:
        return Account.from_key(key).address
    except Exception:
        # `from None`: the original exception may quote the key.
        raise ChainError(
            "the payout key is malformed", user_message="The payout key is not configured correctly."
        ) from None


def sign(key: str | bytes, *, chain_id: int, nonce: int, to: str | None, data: bytes, gas: int, fees: Fees) -> SignedTx:
    """Sign an EIP-1559 transaction with explicit nonce, gas and fees; nothing is sent."""
    tx: dict[str, Any] = {
        "type": 2,
        "chainId": chain_id,
        "nonce": nonce,
        "value": 0,
        "gas": gas,
        "maxFeePerGas": fees.max_fee_per_gas,
        "maxPriorityFeePerGas": fees.max_priority_fee_per_gas,
        "data": data,
    }
    if to is not None:
        tx["to"] = to_checksum_address(to)
    try:
        signed = Account.sign_transaction(tx, key)
    except Exception:
        raise ChainError("could not sign the payout transaction (bad key or fields)") from None
    return decode(bytes(signed.raw_transaction))


def decode(raw: bytes) -> SignedTx:
    """Rebuild a :class:`SignedTx` from the stored raw bytes (recovering the sender from the signature)."""
    fields = TypedTransaction.from_bytes(HexBytes(raw)).as_dict()
    return SignedTx(
        raw=raw,
        tx_hash="0x" + keccak(raw).hex(),
        sender=Account.recover_transaction(raw),
        to=to_checksum_address(fields["to"]) if fields.get("to") else None,
        nonce=fields["nonce"],
        gas=fields["gas"],
        chain_id=fields["chainId"],
        fees=Fees(fields["maxFeePerGas"], fields["maxPriorityFeePerGas"]),
    )


def unsigned_fields(signed: SignedTx) -> tuple[bytes, int]:
    """``(data, value)`` of a signed transaction, for re-signing it with other fees."""
    fields = TypedTransaction.from_bytes(HexBytes(signed.raw)).as_dict()
    return bytes(fields["data"]), fields["value"]


def with_gas_margin(estimate: int) -> int:
    """The gas to give a transaction whose estimate is ``estimate``."""
    return estimate * (100 + GAS_MARGIN_PERCENT) // 100


def _raise_by_bump(value: int) -> int:
    # Ceiling division, and at least one wei, so that a zero tip still counts as raised.
    return max(-(-value * BUMP_NUMERATOR // BUMP_DENOMINATOR), value + 1)


def bumped_fees(old: Fees, base_fee: int, cap: int) -> Fees:
    """Fees for a replacement: both fields up by at least 12.5%, enough for ``base_fee``, never above ``cap``.

    Raises :class:`FeeCapExceeded` when even the minimum replacement would pass ``cap`` (the max fee).
    """
    priority = _raise_by_bump(old.max_priority_fee_per_gas)
    minimum_max = _raise_by_bump(old.max_fee_per_gas)
    # Aim for a fee that survives a few base-fee rises, as wallets do, but never below the bump minimum.
    wanted_max = max(minimum_max, 2 * base_fee + priority)
    if max(minimum_max, priority) > cap:
        raise FeeCapExceeded(f"replacement needs max fee {minimum_max} and tip {priority} wei/gas, cap is {cap}")
    return Fees(max_fee_per_gas=min(wanted_max, cap), max_priority_fee_per_gas=priority)


def capped_fees(base_fee: int, tip: int, cap: int) -> Fees:
    """Fees for a first transaction: twice the base fee plus the tip, as wallets offer, but never above ``cap``.

    Raises :class:`FeeCapExceeded` while the base fee itself is above ``cap``: such a transaction could not be
    mined, so the batch waits for the market to come back under the cap.
    """
    if base_fee > cap:
        raise FeeCapExceeded(f"base fee {base_fee} wei/gas is above the cap of {cap}")
    max_fee = min(2 * base_fee + tip, cap)
    return Fees(max_fee_per_gas=max_fee, max_priority_fee_per_gas=min(tip, max_fee - base_fee))
