"""Linking wallets and claiming, with every refusal a GameError that writes nothing (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from core.clock import FixedClock
from core.db.reward_tables import Claim, WalletLink
from core.db.tables import LedgerEntry
from core.errors import ClaimError, WalletError
from core.game.game import Game
from core.game.ledger import balance
from core.game.players import require
from core.types import UserRef, WalletChallenge, WalletLinked
from tests.integration.rewards.conftest import claimant, give_points, open_rewards_game
from tests.support import user


@pytest.fixture
async def proving_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    async for game in open_rewards_game(tmp_path, database_url, clock, rewards_proof_required="true"):
        yield game


async def count(game: Game, model: type, *where: object) -> int:
    return int(
        await game.deps.db.transaction(lambda s: s.scalar(select(func.count()).select_from(model).where(*where)))
    )


def sign(message: str, key: bytes) -> str:
    return "0x" + Account.sign_message(encode_defunct(text=message), key).signature.hex().removeprefix("0x")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("0x1234", "40 hexadecimal"),
        ("hello", "40 hexadecimal"),
        ("0x52908400098527886E0F7030069857D2E4169EE7".replace("E", "e", 1), "checksum"),
        ("0x" + "0" * 40, "zero address"),
    ],
)
async def test_malformed_addresses_are_refused(rewards_game: Game, text: str, words: str) -> None:
    await rewards_game.start(user(1))
    with pytest.raises(WalletError) as refused:
        await rewards_game.link_wallet(user(1), text)
    assert words in refused.value.user_message
    assert await count(rewards_game, WalletLink) == 0


async def test_a_wallet_is_linked_with_a_signed_single_use_nonce(proving_game: Game, clock: FixedClock) -> None:
    owner, stranger = Account.create(), Account.create()
    await proving_game.start(user(1))
    challenge = await proving_game.link_wallet(user(1), owner.address.lower())
    assert isinstance(challenge, WalletChallenge) and owner.address in challenge.message
    assert "Chain ID: 31337" in challenge.message and "Nonce: " in challenge.message

    with pytest.raises(WalletError, match="not made by"):
        await proving_game.link_wallet(user(1), sign(challenge.message, stranger.key))
    with pytest.raises(WalletError, match="could not be read"):
        await proving_game.link_wallet(user(1), "0x" + "ff" * 65)
    assert (await proving_game.wallet(user(1))).address is None

    good = sign(challenge.message, owner.key)
    linked = await proving_game.link_wallet(user(1), good)
    assert linked == WalletLinked(address=owner.address, proven=True)
    assert (await proving_game.wallet(user(1))).address == owner.address
    with pytest.raises(WalletError, match="No wallet link is waiting"):
        await proving_game.link_wallet(user(1), good)  # replayed


async def test_expired_and_foreign_messages_are_refused(proving_game: Game, clock: FixedClock) -> None:
    owner = Account.create()
    await proving_game.start(user(1))
    await proving_game.start(user(2))
    first = await proving_game.link_wallet(user(1), owner.address)
    clock.advance(minutes=16)
    with pytest.raises(WalletError, match="expired"):
        await proving_game.link_wallet(user(1), sign(first.message, owner.key))

    theirs = await proving_game.link_wallet(user(1), owner.address)
    await proving_game.link_wallet(user(2), owner.address)
    with pytest.raises(WalletError, match="not made by"):  # a signature of another account's message
        await proving_game.link_wallet(user(2), sign(theirs.message, owner.key))
    assert await count(proving_game, WalletLink) == 0


async def test_claim_refusals_write_nothing(rewards_game: Game, clock: FixedClock) -> None:
    who = user(1)
    await rewards_game.start(who)
    await give_points(rewards_game, who, 25)
    with pytest.raises(ClaimError, match="Link a wallet"):
        await rewards_game.claim(who)
    await rewards_game.link_wallet(who, Account.create().address)
    with pytest.raises(ClaimError, match="smallest claim is 10"):
        await rewards_game.claim(who, 9)
    with pytest.raises(ClaimError, match="can't claim 26"):
        await rewards_game.claim(who, 26)
    with pytest.raises(ClaimError, match="positive"):
        await rewards_game.claim(who, -5)
    assert await count(rewards_game, Claim) == 0
    assert await count(rewards_game, LedgerEntry, LedgerEntry.reason == "claim") == 0

    facts = await rewards_game.claim(who, 20)
    assert (facts.points, facts.units, facts.tokens) == (20, 10 * 10**18, "10")
    with pytest.raises(ClaimError, match="claim again in 1 h 0 min"):
        await rewards_game.claim(who)
    clock.advance(minutes=61)
    with pytest.raises(ClaimError, match="smallest claim"):
        await rewards_game.claim(who)  # 5 points left
    assert await count(rewards_game, Claim) == 1


async def test_concurrent_claims_never_overdraw(database_url: str, tmp_path: Path, clock: FixedClock) -> None:
    async for game in open_rewards_game(tmp_path, database_url, clock, rewards_cooldown_hours="0"):
        who, _ = await claimant(game, 1, 35)
        results = await asyncio.gather(*(game.claim(who, 10) for _ in range(8)), return_exceptions=True)
        won = [r for r in results if not isinstance(r, BaseException)]
        lost = [r for r in results if isinstance(r, BaseException)]
        assert len(won) == 3 and all(isinstance(e, ClaimError) for e in lost), lost

        async def state(session: AsyncSession, who: UserRef = who) -> tuple[int, int]:
            account = await require(session, who)
            return account.points, await balance(session, account.id)

        assert await game.deps.db.transaction(state) == (5, 5)
        assert await count(game, Claim) == 3
