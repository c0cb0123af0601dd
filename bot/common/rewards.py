"""Wallet and claim facts -> the sentences of `texts`, the same on every platform."""

from __future__ import annotations

from bot.common import texts
from core.errors import GameError
from core.types import ClaimFacts, WalletChallenge, WalletLinked
from core.whole_numbers import INT32_MAX, whole_number


def link_reply(result: WalletChallenge | WalletLinked, minutes: int) -> str:
    """Linked at once, or the message to sign (proof required)."""
    if isinstance(result, WalletChallenge):
        return texts.wallet_challenge(result.address, result.message, minutes)
    return texts.wallet_linked(result.address, result.proven)


def claims_reply(claims: tuple[ClaimFacts, ...]) -> str:
    return texts.claims_list([(c.points, c.tokens, c.status, c.url or c.tx_hash) for c in claims])


def claim_points(args: list[str]) -> int | None:
    """`/claim` -> None (all points), `/claim 500` -> 500; anything else is refused with the usage."""
    if not args:
        return None
    if len(args) == 1 and args[0].isdigit():  # any digits ("²" too): the refusal states the rule
        return whole_number(args[0], 1, INT32_MAX, texts.N_("The points to claim"))
    raise GameError(texts.USAGE_CLAIM)
