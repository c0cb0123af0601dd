"""Looking a player up by the identity they use."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col

from core.db.tables import Account, Identity
from core.errors import NotRegistered
from core.types import UserRef


async def find(session: AsyncSession, user: UserRef) -> Account | None:
    return await session.scalar(
        select(Account)
        .join(Identity, col(Identity.account_id) == col(Account.id))
        .where(col(Identity.platform) == user.platform, col(Identity.external_id) == user.external_id)
    )


async def require(session: AsyncSession, user: UserRef) -> Account:
    account = await find(session, user)
    if account is None:
        raise NotRegistered()
    return account


def lookup(session: Session, user: UserRef) -> Account | None:
    """`find` for plain (non-async) use cases."""
    return session.scalar(
        select(Account)
        .join(Identity, col(Identity.account_id) == col(Account.id))
        .where(col(Identity.platform) == user.platform, col(Identity.external_id) == user.external_id)
    )


def find_player(session: Session, user: UserRef) -> Account:
    """`require` for plain (non-async) use cases."""
    account = lookup(session, user)
    if account is None:
        raise NotRegistered()
    return account
