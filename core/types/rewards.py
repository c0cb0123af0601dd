"""Facts about what players are owed and paid: their wallet and their claims."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class WalletChallenge:
    """The message to sign with the wallet, and until when the signature is accepted."""

    address: str
    message: str
    expires_at: datetime


@dataclass(frozen=True, slots=True)
class WalletLinked:
    address: str
    proven: bool


@dataclass(frozen=True, slots=True)
class WalletInfo:
    """The owner's own wallet (None when none is linked)."""

    address: str | None
    proven: bool


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    claim_id: int
    points: int
    units: int  # smallest token units
    tokens: str  # the same amount in tokens, for people
    status: str  # pending | batched | paid | reset (paid on a chain that was reset: not paid any more)
    created_at: datetime
    tx_hash: str | None
    url: str | None  # explorer link of the paying transaction, where configured
