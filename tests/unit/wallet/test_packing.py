"""Payment words and batch ids."""

from __future__ import annotations

import os

import pytest
from eth_utils import to_checksum_address

from wallet.packing import MAX_AMOUNT, MAX_BATCH, derive_batch_id, pack_batch, pack_payment, unpack_payment

ADDRESS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"


def test_a_payment_round_trips_through_one_word() -> None:
    for amount in (1, 10**18, MAX_AMOUNT):
        word = pack_payment(ADDRESS, amount)
        assert word < 2**256
        assert unpack_payment(word) == (ADDRESS, amount)


def test_the_recipient_sits_in_the_high_160_bits() -> None:
    assert pack_payment(ADDRESS, 5) == int(ADDRESS, 16) << 96 | 5


def test_lowercase_addresses_are_packed_and_returned_checksummed() -> None:
    assert unpack_payment(pack_payment(ADDRESS.lower(), 7)) == (ADDRESS, 7)


@pytest.mark.parametrize("amount", [0, -1, MAX_AMOUNT + 1])
def test_amounts_outside_96_bits_are_refused(amount: int) -> None:
    with pytest.raises(ValueError):
        pack_payment(ADDRESS, amount)


def test_the_zero_address_is_refused() -> None:
    with pytest.raises(ValueError):
        pack_payment("0x" + "0" * 40, 1)


def test_a_batch_holds_one_to_500_payments() -> None:
    people = [to_checksum_address(os.urandom(20)) for _ in range(MAX_BATCH)]
    assert len(pack_batch((a, 1) for a in people)) == MAX_BATCH
    with pytest.raises(ValueError):
        pack_batch([])
    with pytest.raises(ValueError):
        pack_batch([(a, 1) for a in [*people, ADDRESS]])


def test_batch_ids_are_deterministic_and_order_free() -> None:
    assert derive_batch_id([3, 1, 2]) == derive_batch_id([1, 2, 3]) == derive_batch_id(["2", "3", "1"])
    assert len(derive_batch_id([1])) == 32
    assert derive_batch_id([1, 2]) != derive_batch_id([1, 2, 3])
    assert derive_batch_id([12]) != derive_batch_id([1, 2])


def test_a_namespace_separates_deployments() -> None:
    assert derive_batch_id([1], namespace="community-a") != derive_batch_id([1], namespace="community-b")


def test_an_empty_or_repeating_batch_has_no_id() -> None:
    with pytest.raises(ValueError):
        derive_batch_id([])
    with pytest.raises(ValueError):
        derive_batch_id([1, 1])
