"""Wallet-link messages, signatures and address validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct

from wallet.errors import InvalidAddress, InvalidSignature
from wallet.proofs import link_message, normalise_address, verify_link

CHECKSUMMED = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"
EXPIRES = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)


def signed(account: Account, message: str) -> str:
    return Account.sign_message(encode_defunct(text=message), account.key).signature.to_0x_hex()


def test_checksummed_and_lowercase_addresses_are_accepted() -> None:
    assert normalise_address(CHECKSUMMED) == CHECKSUMMED
    assert normalise_address(CHECKSUMMED.lower()) == CHECKSUMMED
    assert normalise_address("  " + CHECKSUMMED + "\n") == CHECKSUMMED
    assert normalise_address("0x" + CHECKSUMMED[2:].upper()) == CHECKSUMMED


def test_a_wrong_checksum_is_refused_with_a_clear_message() -> None:
    wrong = CHECKSUMMED[:-1] + CHECKSUMMED[-1].swapcase()  # one letter's case flipped
    with pytest.raises(InvalidAddress) as refused:
        normalise_address(wrong)
    assert "checksum" in refused.value.user_message


@pytest.mark.parametrize(
    "text",
    ["", "hello", CHECKSUMMED[2:], CHECKSUMMED[:-1], CHECKSUMMED + "0", "0x" + "g" * 40, "0x" + "0" * 40],
)
def test_malformed_addresses_are_refused(text: str) -> None:
    with pytest.raises(InvalidAddress) as refused:
        normalise_address(text)
    assert refused.value.user_message


def test_the_message_names_the_account_wallet_chain_nonce_and_expiry() -> None:
    message = link_message("telegram:42", CHECKSUMMED.lower(), 8453, "n-123", EXPIRES)
    assert "Account: telegram:42\n" in message
    assert f"Wallet: {CHECKSUMMED}\n" in message
    assert "Chain ID: 8453\n" in message
    assert "Nonce: n-123\n" in message
    assert "Expires: 2030-01-02T03:04:05Z\n" in message


def test_the_expiry_is_written_in_utc() -> None:
    later = EXPIRES.astimezone(timezone(timedelta(hours=2)))
    assert link_message("a", CHECKSUMMED, 1, "n", later) == link_message("a", CHECKSUMMED, 1, "n", EXPIRES)


@pytest.mark.parametrize("label, nonce", [("a\nWallet: 0x1", "n"), ("a", "n\r"), ("", "n"), ("a", "")])
def test_fields_cannot_forge_lines(label: str, nonce: str) -> None:
    with pytest.raises(ValueError):
        link_message(label, CHECKSUMMED, 1, nonce, EXPIRES)


def test_a_naive_expiry_is_refused() -> None:
    with pytest.raises(ValueError):
        link_message("a", CHECKSUMMED, 1, "n", datetime(2030, 1, 1))


def test_the_owner_s_signature_verifies() -> None:
    owner = Account.create()
    message = link_message("discord:7", owner.address, 1, "n1", EXPIRES)
    signature = signed(owner, message)
    assert verify_link(message, signature, owner.address)
    assert verify_link(message, signature, owner.address.lower())
    assert verify_link(message, signature[2:], owner.address)  # pasted without 0x


def test_someone_else_s_signature_fails() -> None:
    owner, other = Account.create(), Account.create()
    message = link_message("discord:7", owner.address, 1, "n1", EXPIRES)
    assert not verify_link(message, signed(other, message), owner.address)
    assert not verify_link(message, signed(owner, message), other.address)


def test_a_signature_of_another_message_fails() -> None:
    owner = Account.create()
    message = link_message("discord:7", owner.address, 1, "n1", EXPIRES)
    other_nonce = link_message("discord:7", owner.address, 1, "n2", EXPIRES)
    assert not verify_link(message, signed(owner, other_nonce), owner.address)


@pytest.mark.parametrize("signature", ["", "0x1234", "0x" + "zz" * 65, "0x" + "00" * 64, "0x" + "ff" * 65])
def test_unreadable_signatures_raise(signature: str) -> None:
    owner = Account.create()
    message = link_message("discord:7", owner.address, 1, "n1", EXPIRES)
    with pytest.raises(InvalidSignature) as refused:
        verify_link(message, signature, owner.address)
    assert "signature" in refused.value.user_message
