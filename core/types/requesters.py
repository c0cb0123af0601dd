"""Facts of the requester side: clients that post labelling jobs through the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class RequesterInfo:
    requester_id: int
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    revoked_at: datetime | None
    jobs: int = 0
    reference: str = ""  # what the requester's token transfers to the treasury carry to credit its deposit

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True, slots=True)
class IssuedKey:
    """A new API key: `key` is shown once and never stored."""

    requester: RequesterInfo
    key: str


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    """The first answer to an idempotent POST, replayed for the same key."""

    fingerprint: str
    status: int
    body: str
