"""Translate what web3.py and the nodes raise into the chain errors of this package.

Nodes word the same condition differently (geth, anvil, the in-process EVM), so matching is on fragments.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import requests
from eth_tester.exceptions import TransactionFailed
from eth_utils import ValidationError
from web3.exceptions import (
    ContractLogicError,
    ProviderConnectionError,
    RequestTimedOut,
    TimeExhausted,
    Web3RPCError,
)

from wallet.errors import (
    BatchAlreadyPaid,
    BatchTooBig,
    ChainError,
    ChainUnavailable,
    FeeTooLow,
    TransactionReverted,
)

ALREADY_KNOWN = ("already known", "already imported", "known transaction", "alreadyknown")
NONCE_USED = ("nonce too low", "nonce is too low", "nonce too small")
# The in-process EVM only says "Invalid transaction nonce: Expected 2, but got 1", for too low and too high.
_EXPECTED_NONCE = re.compile(r"expected (\d+), but got (\d+)")
# Refusals of a transaction (or an estimate) that no block of this chain could hold.
TOO_BIG = (
    "exceeds block gas limit",  # geth
    "gas limit reached",
    "exceeds the block gas limit",
    "gas required exceeds",
    "gas_limit > env.block.gas_limit",  # anvil: "intrinsic gas too high -- tx.gas_limit > env.block.gas_limit"
)
UNDERPRICED = ("underpriced", "replacement fee too low", "less than block base fee", "fee cap less than")
# requests' errors are OSErrors too; listed for the reader.
TRANSPORT_ERRORS = (
    requests.RequestException,
    ProviderConnectionError,
    RequestTimedOut,
    TimeExhausted,
    OSError,
)


def message_of(exc: BaseException) -> str:
    """The node's error text, lower-cased, whatever shape the exception has."""
    message = getattr(exc, "message", None) or (exc.args[0] if exc.args else "")
    if isinstance(message, dict):
        message = message.get("message", "")
    return str(message).lower()


def matches(exc: BaseException, fragments: tuple[str, ...]) -> bool:
    text = message_of(exc)
    return any(fragment in text for fragment in fragments)


def nonce_used(exc: BaseException) -> bool:
    """Whether the node refused a transaction because its nonce was already mined."""
    found = _EXPECTED_NONCE.search(message_of(exc))
    if found:
        return int(found.group(2)) < int(found.group(1))
    return matches(exc, NONCE_USED)


@contextmanager
def translated(action: str) -> Iterator[None]:
    """Run one node call; raise ChainUnavailable for transport failures and ChainError for refusals."""
    try:
        yield
    except ChainError:
        raise
    except TRANSPORT_ERRORS as exc:
        raise ChainUnavailable(f"{action}: {type(exc).__name__}: {exc}") from exc
    except (ContractLogicError, TransactionFailed) as exc:  # TransactionFailed: the in-process EVM
        if "already paid" in message_of(exc):
            raise BatchAlreadyPaid(f"{action}: {exc}") from exc
        raise TransactionReverted(f"{action}: {exc}") from exc
    except (Web3RPCError, ValidationError) as exc:  # ValidationError: the in-process EVM refusing a tx
        if matches(exc, TOO_BIG):
            raise BatchTooBig(f"{action}: {message_of(exc)}") from exc
        if matches(exc, UNDERPRICED):
            raise FeeTooLow(f"{action}: {message_of(exc)}") from exc
        raise ChainError(f"{action}: {message_of(exc)}") from exc
