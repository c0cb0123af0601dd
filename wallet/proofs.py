"""Wallet-link proofs (EIP-191 personal messages) and address validation. Pure apart from eth-account."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_utils import is_checksum_address, to_checksum_address

from core.sentences import N_
from wallet.errors import InvalidAddress, InvalidSignature

_HEX_ADDRESS = re.compile(r"0x[0-9a-fA-F]{40}")
_HEX_SIGNATURE = re.compile(r"0x[0-9a-fA-F]{130}")
_ZERO_ADDRESS = "0x" + "0" * 40


def normalise_address(text: str) -> str:
    """Return the EIP-55 checksummed form of ``text`` or raise :class:`InvalidAddress`.

    All-lowercase (and all-uppercase) addresses carry no checksum and are accepted; a mixed-case address is a
    checksum and must be right, because a wrong one usually means a typo that would send funds elsewhere.
    """
    candidate = text.strip()
    if not _HEX_ADDRESS.fullmatch(candidate):
        raise InvalidAddress(
            f"not a hex address: {candidate[:60]!r}",
            user_message=N_("A wallet address is 0x followed by 40 hexadecimal characters (0-9, a-f)."),
        )
    digits = candidate[2:]
    if digits != digits.lower() and digits != digits.upper() and not is_checksum_address(candidate):
        raise InvalidAddress(
            f"bad EIP-55 checksum: {candidate}",
            user_message=N_(
                "That address has a wrong checksum (its upper/lower case letters do not match). "
                "Please copy it again from your wallet."
            ),
        )
    if candidate.lower() == _ZERO_ADDRESS:
        raise InvalidAddress("zero address", user_message=N_("The zero address cannot receive rewards."))
    return to_checksum_address(candidate)


def link_message(account_label: str, address: str, chain_id: int, nonce: str, expires_at: datetime) -> str:
    """The text a user signs to prove they own ``address``: who, wallet, chain, a nonce, an expiry.

    Nonce single use and expiry are checked by the caller against what it stored; the message states them so a
    signature cannot be reused for another account, wallet or chain.
    """
    # A newline in a field could forge another line of the message, e.g. a second "Wallet:" line.
    for field_name, value in (("account label", account_label), ("nonce", nonce)):
        if not value or "\n" in value or "\r" in value:
            raise ValueError(f"the {field_name} must be non-empty and on one line")
    if expires_at.tzinfo is None:
        raise ValueError("expires_at must be timezone-aware")
    expiry = expires_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        "chatlabel wallet link\n"
        "\n"
        f"Account: {account_label}\n"
        f"Wallet: {normalise_address(address)}\n"
        f"Chain ID: {chain_id}\n"
        f"Nonce: {nonce}\n"
        f"Expires: {expiry}\n"
        "\n"
        "Signing proves you own this wallet. It is free and authorises no transaction."
    )


def verify_link(message: str, signature: str, address: str) -> bool:
    """True if ``signature`` is ``address``'s EIP-191 signature of ``message``.

    Raises :class:`InvalidSignature` when the signature cannot even be read (so the user can be told to paste
    it again); a readable signature by anyone else is simply False.
    """
    expected = normalise_address(address)
    candidate = signature.strip()
    if not candidate.startswith("0x"):
        candidate = "0x" + candidate
    if not _HEX_SIGNATURE.fullmatch(candidate):
        raise InvalidSignature(f"signature is not 65 hex bytes (length {len(candidate)})")
    try:
        signer = Account.recover_message(encode_defunct(text=message), signature=candidate)
    except Exception as exc:  # eth-keys raises several types for out-of-range r, s or v
        raise InvalidSignature(f"unrecoverable signature: {type(exc).__name__}") from exc
    return signer == expected
