"""Signed transactions as values, and the fee-bump rule."""

from __future__ import annotations

import pytest
from eth_account import Account

from wallet.errors import ChainError, FeeCapExceeded
from wallet.transactions import Fees, account_address, bumped_fees, capped_fees, decode, sign, unsigned_fields

GWEI = 10**9


def test_a_signed_transaction_is_recovered_from_its_raw_bytes() -> None:
    key = Account.create()
    fees = Fees(max_fee_per_gas=30 * GWEI, max_priority_fee_per_gas=2 * GWEI)
    to = Account.create().address
    signed = sign(key.key, chain_id=8453, nonce=7, to=to, data=b"\x01\x02", gas=90_000, fees=fees)
    again = decode(signed.raw)
    assert again == signed
    assert (again.sender, again.to, again.nonce, again.gas, again.chain_id, again.fees) == (
        key.address,
        to,
        7,
        90_000,
        8453,
        fees,
    )
    assert signed.tx_hash.startswith("0x") and len(signed.tx_hash) == 66
    assert unsigned_fields(signed) == (b"\x01\x02", 0)


def test_a_bump_raises_both_fields_by_at_least_an_eighth() -> None:
    old = Fees(max_fee_per_gas=20 * GWEI, max_priority_fee_per_gas=GWEI)
    new = bumped_fees(old, base_fee=1, cap=10**6 * GWEI)
    assert new.max_fee_per_gas * 8 >= old.max_fee_per_gas * 9
    assert new.max_priority_fee_per_gas * 8 >= old.max_priority_fee_per_gas * 9


def test_a_bump_rounds_up_and_raises_even_tiny_fees() -> None:
    new = bumped_fees(Fees(max_fee_per_gas=9, max_priority_fee_per_gas=0), base_fee=0, cap=1000)
    assert new.max_fee_per_gas >= 11 and new.max_priority_fee_per_gas >= 1


def test_a_bump_catches_up_with_a_risen_base_fee_but_stays_under_the_cap() -> None:
    old = Fees(max_fee_per_gas=10 * GWEI, max_priority_fee_per_gas=GWEI)
    assert bumped_fees(old, base_fee=100 * GWEI, cap=10**4 * GWEI).max_fee_per_gas > 200 * GWEI
    assert bumped_fees(old, base_fee=100 * GWEI, cap=50 * GWEI).max_fee_per_gas == 50 * GWEI


def test_a_bump_past_the_cap_is_refused() -> None:
    old = Fees(max_fee_per_gas=100 * GWEI, max_priority_fee_per_gas=GWEI)
    with pytest.raises(FeeCapExceeded):
        bumped_fees(old, base_fee=GWEI, cap=110 * GWEI)


def test_a_malformed_key_never_appears_in_the_error() -> None:
    secret = "0xdeadbeefcafe"
    with pytest.raises(ChainError) as refused:
        account_address(secret)
    assert "deadbeef" not in str(refused.value) and refused.value.__cause__ is None
    assert refused.value.__suppress_context__


def test_a_first_transaction_never_offers_more_than_the_cap() -> None:
    gwei = 10**9
    # The review's case: a 600 gwei base fee used to become a 1,201 gwei offer under a 500 gwei cap.
    with pytest.raises(FeeCapExceeded):
        capped_fees(600 * gwei, gwei, cap=500 * gwei)
    near = capped_fees(400 * gwei, gwei, cap=500 * gwei)
    assert near == Fees(max_fee_per_gas=500 * gwei, max_priority_fee_per_gas=gwei)
    at_cap = capped_fees(500 * gwei, gwei, cap=500 * gwei)
    assert at_cap.max_fee_per_gas == 500 * gwei and at_cap.max_priority_fee_per_gas == 0
    assert capped_fees(10 * gwei, gwei, cap=500 * gwei) == Fees(21 * gwei, gwei)  # under the cap: as wallets do
