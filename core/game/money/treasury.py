"""The treasury as the core sees it: what the payer holds on chain, in token base units."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Protocol

from core.errors import BadAmount
from core.game.claims import format_tokens, to_units
from core.sentences import N_
from core.settings import RewardSettings


class Treasury(Protocol):
    async def balance_units(self) -> int:
        """Token base units the payer holds and may pay out."""
        ...

    async def read(self, batch_ids: Sequence[str]) -> tuple[int, frozenset[str]]:
        """The balance, and which of the payout batches `batch_ids` (on-chain ids) the chain has paid, both read at
        one block: a batch paid there has already left the balance."""
        ...


class FixedTreasury:
    """A treasury whose balance is set by hand: development without a chain, and tests at the chain's edge.
    `paid`: the on-chain batch ids it reports paid."""

    def __init__(self, units: int = 0) -> None:
        self.units = units
        self.paid: set[str] = set()

    async def balance_units(self) -> int:
        return self.units

    async def read(self, batch_ids: Sequence[str]) -> tuple[int, frozenset[str]]:
        return self.units, frozenset(self.paid.intersection(batch_ids))


def units_per_point(rules: RewardSettings) -> Decimal:
    return rules.tokens_per_point * (Decimal(10) ** rules.token_decimals)


def points_of_tokens(text: str, rules: RewardSettings) -> int:
    """Exactly `text` tokens as points, or BadAmount saying why (the rate, and the nearest amounts that fit)."""
    rate = rules.tokens_per_point
    try:
        tokens = Decimal(text.strip().replace("_", ""))
    except (InvalidOperation, AttributeError):
        raise BadAmount(N_("{text} isn't an amount of tokens; write e.g. 25 or 12.5."), text=repr(text)) from None
    if not tokens.is_finite() or tokens <= 0:
        raise BadAmount(N_("Fund a positive number of tokens."))
    points = tokens / rate
    if points != points.to_integral_value():
        lower = int(points) * rate
        raise BadAmount(
            N_(
                "{tokens} tokens is not a whole number of points at {rate} tokens per point "
                "({left} tokens would be left over); fund {lower} or {higher}."
            ),
            tokens=str(tokens),
            rate=str(rate),
            left=str(tokens - lower),
            lower=str(lower),
            higher=str(lower + rate),
        )
    if points > 10**15:
        raise BadAmount(N_("That amount is too large to fund at once."))
    return int(points)


def points_held(units: int, rules: RewardSettings) -> int:
    """Whole points the treasury's units cover (a remainder of less than one point covers nothing)."""
    return int(Decimal(units) / units_per_point(rules))


def points_as_tokens(points: int, rules: RewardSettings) -> str:
    """`points` written in tokens at the rate (e.g. "12.5")."""
    return format_tokens(to_units(points, rules), rules.token_decimals)
