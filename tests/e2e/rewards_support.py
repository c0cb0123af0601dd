"""Shared by the Telegram and Discord end-to-end tests of wallets, claims and campaigns: settings, points,
a paid-claim notice as the payout batch queues it, signatures, and small packs built in memory."""

from __future__ import annotations

import io
import zipfile

from eth_account import Account
from eth_account.messages import encode_defunct
from eth_account.signers.local import LocalAccount
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.reward_tables import Claim
from core.game import notices
from core.game.claim_state import ClaimState
from core.game.game import Game
from core.game.players import require
from core.types import NoticeKind, UserRef
from tests.integration.admin.conftest import MANIFEST
from tests.support import give_claimable

# 1 point = 0.5 token, claims from 10 points, no cooldown; a proof of the wallet is required (the default).
REWARDS = {
    "rewards_tokens_per_point": '"0.5"',
    "rewards_min_points": "10",
    "rewards_cooldown_hours": "0",
    "chain_explorer_tx_url": "https://scan.example/tx/{tx}",
}


def wallet_owner(seed: int = 1) -> LocalAccount:
    return Account.from_key(seed.to_bytes(32, "big"))


def sign(owner: LocalAccount, challenge: str) -> str:
    """Sign the message at the end of a wallet challenge, as a wallet app's "Sign message" does."""
    message = challenge.split("\n\n", 1)[1]
    return "0x" + owner.sign_message(encode_defunct(text=message)).signature.hex().removeprefix("0x")


async def give_points(game: Game, who: UserRef, points: int) -> None:
    """Backed, claimable points, as settlement and the settlement window would leave them."""
    await give_claimable(game, who, points, f"gift-{points}")


async def notify_paid(game: Game, who: UserRef, tx: str, amount: str = "10") -> None:
    """The notice the payout batch queues when a claim is confirmed on chain (same facts)."""

    async def work(session: AsyncSession) -> None:
        account = await require(session, who)
        facts = {"claim": 1, "amount": amount, "tx": tx, "url": f"https://scan.example/tx/{tx}"}
        await notices.queue(session, account.id, NoticeKind.CLAIM_PAID, facts, game.deps.clock.now())

    await game.deps.db.transaction(work)


def pack_zip(items: int = 6) -> bytes:
    rows = "id,text,known_answer,gold\n" + "".join(
        f"t{i},upload text number {i},{'human' if i % 2 == 0 else 'bot'},{'yes' if i < 2 else 'no'}\n"
        for i in range(items)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.toml", MANIFEST.encode())
        archive.writestr("items.csv", rows)
    return buffer.getvalue()


async def chain_started_over(game: Game) -> None:
    """What the payout batch records when the built-in test chain started over: its claims were never paid."""

    async def work(session: AsyncSession) -> None:
        await session.execute(update(Claim).values(status=ClaimState.RESET))

    await game.deps.db.transaction(work)
