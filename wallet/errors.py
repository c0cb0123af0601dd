"""Errors of the chain side; each carries a ``user_message`` safe to show (no keys, no raw RPC dumps)."""

from __future__ import annotations

from core.sentences import N_


class ChainError(Exception):
    """Something about the chain or a transaction went wrong; ``user_message`` is safe to show."""

    default_message = "The payout chain refused the request."

    def __init__(self, detail: str = "", user_message: str | None = None) -> None:
        super().__init__(detail or self.default_message)
        self.user_message = user_message or self.default_message


class ChainUnavailable(ChainError):
    """The node could not be reached or did not answer; retry later."""

    default_message = "The payout chain is unreachable right now; payouts will resume when it is back."


class ChainReset(ChainError):
    """The chain is not the one the payouts were recorded on (new chain id, genesis or contract code)."""

    default_message = (
        "The payout chain was reset or replaced: payouts recorded on the previous chain are no longer there."
    )


class BatchAlreadyPaid(ChainError):
    """The contract has already recorded this batch id as paid."""

    default_message = "This payout batch has already been paid."


class TransactionReverted(ChainError):
    """The node predicts (or reports) that the transaction reverts."""

    default_message = "The payout transaction was rejected by the contract."


class FeeCapExceeded(ChainError):
    """Raising the fees as required would exceed the configured cap."""

    default_message = "Network fees are above the configured limit; the payout waits for cheaper fees."


class FeeTooLow(ChainError):
    """The node refused the transaction's fees (a same-nonce replacement too cheap, or a max fee below the
    base fee); the remedy is a replacement from ``ChainClient.bump_fees``."""

    default_message = "Network fees rose; the payout will be resent with higher fees."


class InvalidAddress(ChainError):
    """A wallet address is malformed or has a wrong checksum."""

    default_message = N_("That is not a valid wallet address.")


class InvalidSignature(ChainError):
    """A wallet-link signature is malformed."""

    default_message = N_("That signature could not be read; please paste the full 0x… signature.")


class BatchTooBig(ChainError):
    """The batch needs more gas than a block (or a transaction) may use; it has to be split."""

    default_message = "A payout batch was too big for one block; it is split into smaller ones."
