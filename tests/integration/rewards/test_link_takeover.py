"""A link code is a bearer token: whoever types it joins the account. So a wallet already linked moves only with
a fresh signature, challenges issued before the link die with it, and every identity hears of a wallet change."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.messages import encode_defunct

from core.clock import FixedClock
from core.errors import LinkError, WalletError
from core.game.game import Game
from core.types import NoticeKind, UserRef, WalletChallenge, WalletLinked
from tests.integration.rewards.conftest import open_rewards_game
from tests.support import user

INTRUDER = UserRef("discord", "666", "Intruder")


@pytest.fixture
async def proving_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    async for game in open_rewards_game(tmp_path, database_url, clock, rewards_proof_required="true"):
        yield game


def sign(message: str, key: bytes) -> str:
    return "0x" + Account.sign_message(encode_defunct(text=message), key).signature.hex().removeprefix("0x")


async def wallet_notices(game: Game, platform: str) -> list[tuple[str, str]]:
    found = await game.pending_notices(platform)  # type: ignore[arg-type]
    return [
        (n.recipients[0].external_id, str(n.facts["address"])) for n in found if n.kind is NoticeKind.WALLET_CHANGED
    ]


async def test_a_linked_identity_cannot_move_the_wallet_without_a_signature(rewards_game: Game) -> None:
    victim, theirs, mine = user(1), Account.create(), Account.create()
    await rewards_game.start(victim)
    assert await rewards_game.link_wallet(victim, theirs.address) == WalletLinked(theirs.address, proven=False)
    assert await wallet_notices(rewards_game, "telegram") == []  # the only identity: the reply told it
    code = (await rewards_game.create_link_code(victim)).code
    await rewards_game.link(INTRUDER, code)
    told = await rewards_game.pending_notices("telegram")
    assert [(n.kind, n.facts["platform"]) for n in told] == [(NoticeKind.IDENTITY_LINKED, "discord")]
    assert await rewards_game.pending_notices("discord") == []  # the intruder saw the reply, nothing more

    challenge = await rewards_game.link_wallet(INTRUDER, mine.address)  # no proof required, but a wallet exists
    assert isinstance(challenge, WalletChallenge)
    assert (await rewards_game.wallet(victim)).address == theirs.address
    assert await rewards_game.link_wallet(INTRUDER, sign(challenge.message, mine.key)) == WalletLinked(
        mine.address, proven=True
    )
    # The account's other identity is told at once, on its own platform.
    assert await wallet_notices(rewards_game, "telegram") == [(victim.external_id, mine.address)]
    assert await wallet_notices(rewards_game, "discord") == []


async def test_a_challenge_issued_before_a_link_cannot_be_completed_after_it(proving_game: Game) -> None:
    game, owner = proving_game, Account.create()
    await game.start(user(1))
    challenge = await game.link_wallet(user(1), owner.address)
    assert isinstance(challenge, WalletChallenge)
    await game.link(INTRUDER, (await game.create_link_code(user(1))).code)
    with pytest.raises(WalletError, match="No wallet link is waiting"):
        await game.link_wallet(user(1), sign(challenge.message, owner.key))
    assert (await game.wallet(user(1))).address is None


async def test_a_link_code_is_spent_once_even_when_typed_twice_at_once(rewards_game: Game) -> None:
    await rewards_game.start(user(1))
    code = (await rewards_game.create_link_code(user(1))).code
    tries = [UserRef("discord", str(700 + n), f"Try {n}") for n in range(4)]
    results = await asyncio.gather(*(rewards_game.link(who, code) for who in tries), return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == 1
    assert all(isinstance(r, LinkError) for r in results if isinstance(r, BaseException))


async def test_a_second_identity_on_the_same_platform_is_told_alone(rewards_game: Game) -> None:
    victim, intruder = user(1), UserRef("telegram", "667", "Intruder")
    await rewards_game.start(victim)
    await rewards_game.link(intruder, (await rewards_game.create_link_code(victim)).code)
    [told] = await rewards_game.pending_notices("telegram")
    assert told.kind is NoticeKind.IDENTITY_LINKED and told.recipients == (victim,)


async def test_linking_the_same_wallet_again_keeps_its_proof(proving_game: Game) -> None:
    owner = Account.create()
    await proving_game.start(user(1))
    challenge = await proving_game.link_wallet(user(1), owner.address)
    assert isinstance(challenge, WalletChallenge)
    await proving_game.link_wallet(user(1), sign(challenge.message, owner.key))
    assert await proving_game.link_wallet(user(1), owner.address) == WalletLinked(owner.address, proven=True)
    assert (await proving_game.wallet(user(1))).proven
