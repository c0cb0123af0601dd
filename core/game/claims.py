"""`/claim`: claimable points become a token claim, paid later by the batch payout job (wallet/batcher.py).

The claim and its book entry (claimable -> claims) are written in one transaction under a lock on the player's
claimable account, so concurrent claims cannot overdraw (SQLite serialises writers; PostgreSQL by FOR UPDATE).
Claiming never lowers a rank: standings count points earned, not the balance.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from core.db.results import stored_id
from core.db.reward_tables import Claim, WalletLink
from core.errors import ClaimError
from core.game import book
from core.game.claim_state import ClaimState, tokens_to_units
from core.game.deps import GameDeps
from core.game.players import require
from core.sentences import N_
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
        account = await require(session, user)
        account_id = stored_id(account)
        link = await session.get(WalletLink, account_id)
        if link is None:
            raise ClaimError(N_("Link a wallet first: send /wallet <your address>."))
        # The claimable account's row lock: the balance, the cooldown and the debit are decided by one claim at a time.
        have = await session.run_sync(book.lock, book.claimable(account_id))
        await _check_cooldown(session, account_id, now, rules.cooldown_hours)
        if points is not None and points <= 0:
            raise ClaimError(N_("Claim a positive number of points."))
        wanted = have if points is None else points
        pending = await book.abalance(session, book.pending(account_id))
        if wanted > have:
            raise ClaimError(
                N_("You have {have} claimable points ({pending} still pending); you can't claim {wanted}."),
                have=have,
                pending=pending,
                wanted=wanted,
            )
        if wanted < rules.min_points:
            raise ClaimError(
                N_("The smallest claim is {least} points; you have {have} claimable ({pending} pending)."),
                least=rules.min_points,
                have=have,
                pending=pending,
            )
        units = to_units(wanted, rules)
        if not 0 < units <= MAX_UNITS:
            raise ClaimError(N_("That claim is too large for one payment; claim fewer points."))
        row = Claim(account_id=account_id, address=link.address, points=wanted, amount=str(units), created_at=now)
        session.add(row)
        await session.flush()
        await session.run_sync(
            book.move, book.claimable(account_id), book.CLAIMS, wanted, LEDGER_REASON, str(row.id), now, account_id
        )
        return _facts(deps.settings, row)

    return await deps.db.transaction(work)


async def my_claims(deps: GameDeps, user: UserRef, limit: int = 10) -> tuple[ClaimFacts, ...]:
    """The caller's latest claims, newest first."""

    async def work(session: AsyncSession) -> tuple[ClaimFacts, ...]:
        account = await require(session, user)
        rows = await session.scalars(
            select(Claim).where(col(Claim.account_id) == account.id).order_by(col(Claim.id).desc()).limit(limit)
        )
        return tuple(_facts(deps.settings, row) for row in rows)

    return await deps.db.transaction(work)


async def waiting(session: AsyncSession) -> int:
    """How many claims wait for a batch (the payout job starts early when enough do)."""
    count = select(func.count()).select_from(Claim).where(col(Claim.status) == ClaimState.PENDING)
    return int(await session.scalar(count) or 0)


async def _check_cooldown(session: AsyncSession, account_id: int, now: datetime, hours: float) -> None:
    last = await session.scalar(select(func.max(col(Claim.created_at))).where(col(Claim.account_id) == account_id))
    if last is not None and now - last < timedelta(hours=hours):
        wait = timedelta(hours=hours) - (now - last)
        minutes = max(1, int(wait.total_seconds() // 60))
        raise ClaimError(
            N_("You can claim again in {hours} h {minutes} min."), hours=minutes // 60, minutes=minutes % 60
        )


def _facts(settings: Settings, row: Claim) -> ClaimFacts:
    units = int(row.amount)
    return ClaimFacts(
        claim_id=stored_id(row),
        points=row.points,
        units=units,
        tokens=format_tokens(units, settings.rewards.token_decimals),
        status=row.status,
        created_at=row.created_at,
        tx_hash=row.tx_hash,
        url=explorer_url(settings, row.tx_hash),
    )
