"""The Ethereum side of wallet linking, handed to the core (which imports no Ethereum library)."""

from __future__ import annotations

from datetime import datetime

from core.errors import WalletError
from wallet import proofs
from wallet.errors import InvalidAddress, InvalidSignature


class EthProofs:
    """`core.game.wallets.WalletProofs` with eth-account: EIP-55 addresses, EIP-191 signatures."""

    def __init__(self, chain_id: int) -> None:
        self._chain_id = chain_id

    @property
    def chain_id(self) -> int:
        return self._chain_id

    def normalise(self, text: str) -> str:
        try:
            return proofs.normalise_address(text)
        except InvalidAddress as exc:
            raise WalletError(exc.user_message) from None

    def message(self, account_label: str, address: str, nonce: str, expires_at: datetime) -> str:
        return proofs.link_message(account_label, address, self._chain_id, nonce, expires_at)

    def verify(self, message: str, signature: str, address: str) -> bool:
        try:
            return proofs.verify_link(message, signature, address)
        except InvalidSignature as exc:
            raise WalletError(exc.user_message) from None
