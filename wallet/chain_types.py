"""What the chain client answers with: plain values, comparable and storable."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ChainIdentity:
    """What must stay the same for recorded payouts to still be on the chain."""

    chain_id: int
    genesis_hash: str
    contract_code_hash: str | None  # None when no contract is bound or there is no code at its address


@dataclass(frozen=True, slots=True)
class Receipt:
    tx_hash: str
    succeeded: bool
    block_number: int
    block_hash: str
    confirmations: int  # 1 when in the latest block
    gas_used: int


class Broadcast(enum.Enum):
    SENT = "sent"
    ALREADY_KNOWN = "already_known"  # the node has it already: nothing to do
    NONCE_USED = "nonce_used"  # this nonce was mined, by this tx or by another with the same nonce
