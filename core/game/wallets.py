"""Linking a payout wallet: `/wallet <address>`, then (where the config requires proof) `/wallet <signature>`.

Address checks and signature recovery need Ethereum cryptography, which the core does not import: the
composition root passes a `WalletProofs` (``wallet.linking.EthProofs``). A wallet is only ever shown to its owner.

An identity can join an account with a link code alone, so a wallet already linked moves only with a fresh
signature (whatever `rewards.proof_required` says), and every other identity of the account is told of a change.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import rows_changed, stored_id
from core.db.reward_tables import WalletLink, WalletNonce
from core.errors import WalletError
from core.game import notices
from core.game.deps import GameDeps
from core.game.players import require
from core.sentences import N_
from core.types import NoticeKind, UserRef, WalletChallenge, WalletInfo, WalletLinked

# 65 bytes as hex, with or without 0x: anything this long is a signature, never an address.
_SIGNATURE = re.compile(r"(0x)?[0-9a-fA-F]{130}")


class WalletProofs(Protocol):
    """Ethereum checks the core needs; every refusal is raised as a `WalletError` with a clear message."""

    @property
    def chain_id(self) -> int: ...

    def normalise(self, text: str) -> str:
        """The checksummed address, or WalletError."""
        ...

    def message(self, account_label: str, address: str, nonce: str, expires_at: datetime) -> str: ...

    def verify(self, message: str, signature: str, address: str) -> bool:
        """Whether ``address`` signed ``message``; WalletError when the signature cannot be read."""
        ...


async def link_wallet(deps: GameDeps, proofs: WalletProofs, user: UserRef, text: str) -> WalletChallenge | WalletLinked:
    """`/wallet <address>` or `/wallet <signature>`: the argument's shape says which."""
    candidate = text.strip()
    if _SIGNATURE.fullmatch(candidate):
        return await prove(deps, proofs, user, candidate)
    return await request(deps, proofs, user, candidate)


async def request(deps: GameDeps, proofs: WalletProofs, user: UserRef, text: str) -> WalletChallenge | WalletLinked:
    """Link ``text`` at once, or (when proof is required) store a single-use nonce and return the message."""
    address = proofs.normalise(text)  # before the transaction: a bad address writes nothing
    rules = deps.settings.rewards

    async def work(session: AsyncSession) -> WalletChallenge | WalletLinked:
        account = await require(session, user)
        account_id = stored_id(account)
        now = deps.clock.now()
        current = await session.get(WalletLink, account_id)
        if current is not None and current.address == address and (current.proven or not rules.proof_required):
            return WalletLinked(address=address, proven=current.proven)  # already there: nothing moves
        if not rules.proof_required and current is None:
            await _save_link(session, user, account_id, address, proven=False, now=now)
            return WalletLinked(address=address, proven=False)
        nonce = secrets.token_hex(8)
        expires = now + timedelta(minutes=rules.nonce_ttl_minutes)
        label = f"{user.platform}:{user.external_id} (account {account_id})"
        message = proofs.message(label, address, nonce, expires)
        # A new request replaces older ones: only the latest message can be signed.
        await session.execute(
            update(WalletNonce)
            .where(col(WalletNonce.account_id) == account_id, col(WalletNonce.used_at).is_(None))
            .values(used_at=now)
        )
        session.add(
            WalletNonce(nonce=nonce, account_id=account_id, address=address, message=message, expires_at=expires)
        )
        return WalletChallenge(address=address, message=message, expires_at=expires)

    return await deps.db.transaction(work)


async def prove(deps: GameDeps, proofs: WalletProofs, user: UserRef, signature: str) -> WalletLinked:
    """Check the signature of the latest message; on success the nonce is spent and the wallet linked."""

    async def work(session: AsyncSession) -> WalletLinked:
        account = await require(session, user)
        account_id = stored_id(account)
        now = deps.clock.now()
        pending = await session.scalar(
            select(WalletNonce)
            .where(col(WalletNonce.account_id) == account_id, col(WalletNonce.used_at).is_(None))
            .order_by(col(WalletNonce.expires_at).desc())
            .limit(1)
        )
        if pending is None:
            raise WalletError(N_("No wallet link is waiting for a signature. Send /wallet <address> first."))
        if pending.expires_at <= now:
            raise WalletError(N_("That message has expired. Send /wallet <address> again for a new one to sign."))
        if not proofs.verify(pending.message, signature, pending.address):
            raise WalletError(
                N_(
                    "That signature was not made by {address} over the message we sent. "
                    "Sign exactly that message with that wallet and send the signature."
                ),
                address=pending.address,
            )
        spent = await session.execute(
            update(WalletNonce)
            .where(col(WalletNonce.nonce) == pending.nonce, col(WalletNonce.used_at).is_(None))
            .values(used_at=now)
        )
        if rows_changed(spent) != 1:  # a concurrent replay of the same signature got there first
            raise WalletError(N_("That signature was already used. Send /wallet <address> for a new message."))
        await _save_link(session, user, account_id, pending.address, proven=True, now=now)
        return WalletLinked(address=pending.address, proven=True)

    return await deps.db.transaction(work)


async def my_wallet(deps: GameDeps, user: UserRef) -> WalletInfo:
    """The caller's own wallet; there is deliberately no way to read someone else's."""

    async def work(session: AsyncSession) -> WalletInfo:
        account = await require(session, user)
        link = await session.get(WalletLink, account.id)
        return WalletInfo(address=link.address if link else None, proven=bool(link and link.proven))

    return await deps.db.transaction(work)


async def _save_link(
    session: AsyncSession, user: UserRef, account_id: int, address: str, *, proven: bool, now: datetime
) -> None:
    link = await session.get(WalletLink, account_id)
    changed = link is None or link.address != address
    if link is None:
        session.add(WalletLink(account_id=account_id, address=address, proven=proven, linked_at=now))
    else:
        link.address, link.proven, link.linked_at = address, proven, now
    await session.flush()
    if changed:  # a takeover through a leaked link code shows up on every platform of the account at once
        facts = {"address": address, "platform": user.platform}
        await notices.queue_everywhere(session, account_id, NoticeKind.WALLET_CHANGED, facts, now, told=user)


async def void_challenges(session: AsyncSession, account_id: int | None, now: datetime) -> None:
    """Messages to sign issued before an identity joined the account can no longer link a wallet."""
    await session.execute(
        update(WalletNonce)
        .where(col(WalletNonce.account_id) == account_id, col(WalletNonce.used_at).is_(None))
        .values(used_at=now)
    )
