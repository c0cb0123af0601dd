"""`/claim`: confirmed points become a token claim, paid later by the batch payout job (wallet/batcher.py).

The claim and its negative ledger entry are written in one transaction under a lock on the account row,
so concurrent claims cannot overdraw (SQLite serialises writers with BEGIN IMMEDIATE; PostgreSQL by FOR UPDATE).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import Claim, WalletLink
from core.db.tables import Account
from core.errors import ClaimError
from core.game import ledger
from core.game.claim_state import ClaimState, tokens_to_units
from core.game.deps import GameDeps
from core.game.players import require
from core.settings import RewardSettings, Settings
from core.types import ClaimFacts, UserRef

LEDGER_REASON = "claim"
MAX_UNITS = (1 << 96) - 1  # the contracts pack an amount into 96 bits


def to_units(points: int, rules: RewardSettings) -> int:
    """Exact conversion (Decimal): points * tokens_per_point * 10**decimals, rounded down to a whole unit."""
    return tokens_to_units(Decimal(points) * rules.tokens_per_point, rules.token_decimals)


def format_tokens(units: int, decimals: int) -> str:
    text = f"{Decimal(units).scaleb(-decimals):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def explorer_url(settings: Settings, tx_hash: str | None) -> str | None:
    template = settings.chain.explorer_tx_url
    return template.format(tx=tx_hash) if template and tx_hash else None


async def claim(deps: GameDeps, user: UserRef, points: int | None = None) -> ClaimFacts:
    """Claim ``points`` (default: every confirmed point) for the linked wallet."""
    rules = deps.settings.rewards

    async def work(session: AsyncSession) -> ClaimFacts:
        now = deps.clock.now()
        player = await require(session, user)
        # Lock the row first: the balance, the cooldown and the debit are then decided by one claim at a time.
        # populate_existing: `require` loaded the row before the lock; its cached balance may be stale.
        account = await session.scalar(
            select(Account).where(Account.id == player.id).with_for_update().execution_options(populate_existing=True)
        )
        assert account is not None
        link = await session.get(WalletLink, account.id)
        if link is None:
            raise ClaimError("Link a wallet first: send /wallet <your address>.")
        await _check_cooldown(session, account.id, now, rules.cooldown_hours)
        wanted = account.points if points is None else points
        if points is not None and points <= 0:
            raise ClaimError("Claim a positive number of points.")
        if wanted > account.points:
            raise ClaimError(f"You have {account.points} points; you can't claim {wanted}.")
        if wanted < rules.min_points:
            raise ClaimError(f"The smallest claim is {rules.min_points} points; you have {account.points}.")
        units = to_units(wanted, rules)
        if not 0 < units <= MAX_UNITS:
            raise ClaimError("That claim is too large for one payment; claim fewer points.")
        row = Claim(account_id=account.id, address=link.address, points=wanted, amount=str(units), created_at=now)
        session.add(row)
        await session.flush()
        await ledger.credit(session, account.id, -wanted, LEDGER_REASON, str(row.id), now)
        return _facts(deps.settings, row)

    return await deps.db.transaction(work)


async def my_claims(deps: GameDeps, user: UserRef, limit: int = 10) -> tuple[ClaimFacts, ...]:
    """The caller's latest claims, newest first."""

    async def work(session: AsyncSession) -> tuple[ClaimFacts, ...]:
        account = await require(session, user)
        rows = await session.scalars(
            select(Claim).where(Claim.account_id == account.id).order_by(Claim.id.desc()).limit(limit)
        )
        return tuple(_facts(deps.settings, row) for row in rows)

    return await deps.db.transaction(work)


async def waiting(session: AsyncSession) -> int:
    """How many claims wait for a batch (the payout job starts early when enough do)."""
    count = select(func.count()).select_from(Claim).where(Claim.status == ClaimState.PENDING)
    return int(await session.scalar(count) or 0)


async def _check_cooldown(session: AsyncSession, account_id: int, now: datetime, hours: float) -> None:
    last = await session.scalar(select(func.max(Claim.created_at)).where(Claim.account_id == account_id))
    if last is not None and now - last < timedelta(hours=hours):
        wait = timedelta(hours=hours) - (now - last)
        minutes = max(1, int(wait.total_seconds() // 60))
        raise ClaimError(f"You can claim again in {minutes // 60} h {minutes % 60} min.")


def _facts(settings: Settings, row: Claim) -> ClaimFacts:
    units = int(row.amount)
    return ClaimFacts(
        claim_id=int(row.id or 0),
        points=row.points,
        units=units,
        tokens=format_tokens(units, settings.rewards.token_decimals),
        status=row.status,
        created_at=row.created_at,
        tx_hash=row.tx_hash,
        url=explorer_url(settings, row.tx_hash),
    )
