"""Wallets and claims in the private chat: link with a signed message, claim, see the claims, get the paid notice."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.common import texts
from core.types import UserRef
from tests.e2e.rewards_support import REWARDS, chain_started_over, give_points, notify_paid, sign, wallet_owner
from tests.e2e.telegram.conftest import World, open_world
from tests.fakes.telegram_api import FakeTelegramApi
from tests.fakes.telegram_models import User
from wallet.linking import EthProofs


@pytest.fixture
async def paying(telegram_api: FakeTelegramApi, tmp_path: Path) -> AsyncIterator[World]:
    url = f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}"
    async with open_world(telegram_api, url, tmp_path, **REWARDS) as opened, opened.bot():
        opened.game.wallet_proofs = EthProofs(chain_id=31337)
        yield opened


async def test_link_a_wallet_with_proof_claim_and_see_the_claims(paying: World) -> None:
    world, api = paying, paying.api
    alice, owner = api.user("Alice"), wallet_owner()
    await world.say(alice, "/start", replies=2)
    await world.say(alice, "/wallet")
    assert world.last(alice).text.startswith("👛 No wallet linked yet")
    await world.say(alice, f"/wallet {owner.address}")
    challenge = world.last(alice).text
    assert challenge.startswith(f"✍️ To link {owner.address}")
    await world.say(alice, f"/wallet {sign(wallet_owner(2), challenge)}")  # signed by another wallet
    assert "was not made by" in world.last(alice).text
    await world.say(alice, f"/wallet {sign(owner, challenge)}")
    assert world.last(alice).text.startswith(f"👛 Wallet {owner.address} verified")
    await give_points(world.game, user_ref_of(alice), 30)
    for wrong, said in [("/claim 5", "smallest claim is 10"), ("/claim 500", "can't claim 500"), ("/claim x", "Use")]:
        await world.say(alice, wrong)
        assert said in world.last(alice).text
    await world.say(alice, "/claim 20")
    assert world.last(alice).text.startswith("🧾 Claimed 20 points for 10 tokens")
    await world.say(alice, "/claims")
    assert "20 points → 10 tokens: waiting for the next batch" in world.last(alice).text
    await notify_paid(world.game, user_ref_of(alice), "0xabc")
    await api.wait_until(lambda: "💸" in world.last(alice).text)
    assert world.last(alice).text.endswith("https://scan.example/tx/0xabc")
    await notify_paid(world.game, user_ref_of(alice), "0xdef", amount="1")
    await api.wait_until(lambda: "0xdef" in world.last(alice).text)
    assert world.last(alice).text.startswith("💸 Your claim was paid: 1 token.")  # not "1 tokens"
    await chain_started_over(world.game)
    await world.say(alice, "/claims")
    # The built-in test chain's reset, in plain words: nothing real was lost.
    said = "20 points → 10 tokens: not paid: the test chain started over, so this test payment is gone"
    assert f"{said} (it was never real tokens)" in world.last(alice).text
    assert api.errors == []


async def test_bad_wallet_input_writes_nothing(paying: World) -> None:
    world, api = paying, paying.api
    bob = api.user("Bob")
    await world.say(bob, "/start", replies=2)
    await world.say(bob, "/claim")
    assert world.last(bob).text == "Link a wallet first: send /wallet <your address>."
    await world.say(bob, "/wallet 0x1234")
    assert "address" in world.last(bob).text.lower() and "✍️" not in world.last(bob).text
    await world.say(bob, "/wallet 0x" + "ab" * 65)  # a signature with no message waiting for it
    assert world.last(bob).text.startswith("No wallet link is waiting")
    await world.say(bob, "/wallet")
    assert world.last(bob).text.startswith("👛 No wallet linked yet")
    group = api.group("Labelers")
    api.add_bot_to_group(group, bob)
    api.group_message(group, bob, "/wallet")
    await api.wait_until(lambda: any("in a private chat" in text for text in world.texts(group)))
    assert api.errors == []


def user_ref_of(user: User) -> UserRef:
    """The fake's user as the core knows it."""
    return UserRef("telegram", str(user.id), user.first_name)


async def test_a_wallet_change_made_elsewhere_is_told_here(paying: World) -> None:
    """Someone with a leaked link code joins from Discord and moves the wallet: Alice hears of it at once."""
    world, api = paying, paying.api
    alice, hers, theirs = api.user("Alice"), wallet_owner(), wallet_owner(2)
    await world.say(alice, "/start", replies=2)
    await world.say(alice, f"/wallet {hers.address}")
    await world.say(alice, f"/wallet {sign(hers, world.last(alice).text)}")
    await world.say(alice, "/link")
    code = world.last(alice).text.split("Your link code: ")[1].split()[0]
    intruder = UserRef("discord", "666", "Intruder")
    await world.game.link(intruder, code)
    request = await world.game.link_wallet(intruder, theirs.address)
    await world.game.link_wallet(intruder, sign(theirs, texts.wallet_challenge(theirs.address, request.message, 10)))
    await api.wait_until(lambda: "was changed to" in (world.last(alice).text or ""))
    assert world.last(alice).text.startswith(f"👛 Your payout wallet was changed to {theirs.address} (from Discord).")
    assert any(t.startswith("🔗 A Discord account was just linked to yours") for t in world.texts(alice))
    assert api.errors == []
