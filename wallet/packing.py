"""Pure helpers shared by the batcher and the contracts: payment words and batch ids."""

from __future__ import annotations

from collections.abc import Iterable

from eth_utils import keccak, to_checksum_address

# Must match AMOUNT_BITS in the contracts: recipient in the high 160 bits, amount in the low 96 bits.
AMOUNT_BITS = 96
MAX_AMOUNT = (1 << AMOUNT_BITS) - 1
MAX_BATCH = 500
_ADDRESS_MASK = (1 << 160) - 1
# Versioned prefix so a batch id can never collide with another kind of hash we might derive later.
_BATCH_DOMAIN = b"chatlabel.batch.v1"


def pack_payment(address: str, amount: int) -> int:
    """Pack a recipient and an amount (smallest units) into one uint256 word for ``pay_batch``."""
    if not 0 < amount <= MAX_AMOUNT:
        raise ValueError(f"amount must be between 1 and 2**{AMOUNT_BITS} - 1 smallest units, got {amount}")
    recipient = int(to_checksum_address(address), 16)
    if recipient == 0:
        raise ValueError("the zero address cannot be paid")
    return (recipient << AMOUNT_BITS) | amount


def unpack_payment(word: int) -> tuple[str, int]:
    """Inverse of :func:`pack_payment`: ``(checksummed address, amount)``."""
    if not 0 <= word < 1 << 256:
        raise ValueError("a payment word is a uint256")
    address = to_checksum_address((word >> AMOUNT_BITS & _ADDRESS_MASK).to_bytes(20, "big"))
    return address, word & MAX_AMOUNT


def pack_batch(payments: Iterable[tuple[str, int]]) -> list[int]:
    """Pack ``(address, amount)`` pairs, checking the contract's batch-size limit."""
    words = [pack_payment(address, amount) for address, amount in payments]
    if not 0 < len(words) <= MAX_BATCH:
        raise ValueError(f"a batch holds 1 to {MAX_BATCH} payments, got {len(words)}")
    return words


def derive_batch_id(claim_ids: Iterable[int | str], namespace: str = "") -> bytes:
    """The 32-byte on-chain id of a batch: the same claims (in any order) always give the same id.

    ``namespace`` should name the deployment (e.g. its database or community id): claim ids restart when a
    database is recreated, and two deployments must not share batch ids on one contract, or a new batch
    could be refused as already paid.
    """
    ids = sorted(str(claim_id) for claim_id in claim_ids)
    if not ids:
        raise ValueError("a batch needs at least one claim")
    if len(set(ids)) != len(ids):
        raise ValueError("a claim appears twice in one batch")
    if any("\n" in claim_id for claim_id in ids) or "\n" in namespace:
        raise ValueError("claim ids and the namespace must not contain newlines")
    # Newline-separated so that no two different lists of ids can produce the same preimage.
    preimage = b"\n".join([_BATCH_DOMAIN, namespace.encode(), *(i.encode() for i in ids)])
    return keccak(preimage)
