"""Wallets and claims on Discord: the same commands and sentences as Telegram, every answer ephemeral."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.common import texts
from core.clock import FixedClock
from core.types import UserRef
from tests.e2e.discord.conftest import World, running, settings_for
from tests.e2e.rewards_support import REWARDS, chain_started_over, give_points, notify_paid, sign, wallet_owner
from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_payloads import FakeUser
from wallet.linking import EthProofs


@pytest.fixture
async def paying(tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge) -> AsyncIterator[World]:
    async with running(settings_for(tmp_path, sqlite_url, **REWARDS), clock, discord_edge) as opened:
        opened.game.wallet_proofs = EthProofs(chain_id=31337)
        yield opened


def ref(user: FakeUser) -> UserRef:
    return UserRef("discord", str(user.id), user.username)


async def test_link_a_wallet_with_proof_claim_and_see_the_claims(paying: World) -> None:
    edge, alice, owner = paying.edge, paying.edge.user("alice"), wallet_owner()
    server = edge.guild("Labelers")
    await edge.slash("start", user=alice)
    shown = await edge.slash("wallet", user=alice, guild=server)
    assert shown.text.startswith("👛 No wallet linked yet") and shown.message.ephemeral
    challenge = (await edge.slash("wallet", {"text": owner.address}, user=alice)).text
    assert challenge.startswith(f"✍️ To link {owner.address}")
    wrong = await edge.slash("wallet", {"text": sign(wallet_owner(2), challenge)}, user=alice)
    assert "was not made by" in wrong.text
    linked = await edge.slash("wallet", {"text": sign(owner, challenge)}, user=alice)
    assert linked.text.startswith(f"👛 Wallet {owner.address} verified")
    await give_points(paying.game, ref(alice), 30)
    for points, said in [(5, "smallest claim is 10"), (500, "can't claim 500")]:
        assert said in (await edge.slash("claim", {"points": points}, user=alice)).text
    made = await edge.slash("claim", {"points": 20}, user=alice)
    assert made.text.startswith("🧾 Claimed 20 points for 10 tokens") and made.message.ephemeral
    listed = await edge.slash("claims", user=alice, guild=server)
    assert "20 points → 10 tokens: waiting for the next batch" in listed.text and listed.message.ephemeral
    await notify_paid(paying.game, ref(alice), "0xabc")
    assert await paying.bot.notifier.deliver() == 1
    assert edge.dm_messages(alice)[-1].content.endswith("https://scan.example/tx/0xabc")
    await notify_paid(paying.game, ref(alice), "0xdef", amount="1")
    assert await paying.bot.notifier.deliver() == 1
    assert edge.dm_messages(alice)[-1].content.startswith("💸 Your claim was paid: 1 token.")  # not "1 tokens"
    await chain_started_over(paying.game)
    listed = await edge.slash("claims", user=alice)
    # The built-in test chain's reset, in plain words: nothing real was lost.
    said = "20 points → 10 tokens: not paid: the test chain started over, so this test payment is gone"
    assert f"{said} (it was never real tokens)" in listed.text
    assert edge.violations == []


async def test_bad_wallet_input_writes_nothing(paying: World) -> None:
    edge, bob = paying.edge, paying.edge.user("bob")
    await edge.slash("start", user=bob)
    assert (await edge.slash("claim", user=bob)).text == "Link a wallet first: send /wallet <your address>."
    bad = (await edge.slash("wallet", {"text": "0x1234"}, user=bob)).text
    assert "address" in bad.lower() and "✍️" not in bad
    orphan = await edge.slash("wallet", {"text": "0x" + "ab" * 65}, user=bob)
    assert orphan.text.startswith("No wallet link is waiting")
    assert (await edge.slash("wallet", user=bob)).text.startswith("👛 No wallet linked yet")
    assert edge.violations == []


async def test_a_wallet_change_made_elsewhere_is_told_here(paying: World) -> None:
    """Someone with a leaked link code joins from Telegram and moves the wallet: Alice hears of it in her DMs."""
    edge, alice, hers, theirs = paying.edge, paying.edge.user("alice"), wallet_owner(), wallet_owner(2)
    await edge.slash("start", user=alice)
    challenge = (await edge.slash("wallet", {"text": hers.address}, user=alice)).text
    await edge.slash("wallet", {"text": sign(hers, challenge)}, user=alice)
    code = (await edge.slash("link", user=alice)).text.split("Your link code: ")[1].split()[0]
    intruder = UserRef("telegram", "666", "Intruder")
    await paying.game.link(intruder, code)
    request = await paying.game.link_wallet(intruder, theirs.address)
    await paying.game.link_wallet(intruder, sign(theirs, texts.wallet_challenge(theirs.address, request.message, 10)))
    assert await paying.bot.notifier.deliver() == 2  # the link itself, then the wallet change
    linked, told = (m.content for m in edge.dm_messages(alice)[-2:])
    assert linked.startswith("🔗 A Telegram account was just linked to yours")
    assert told.startswith(f"👛 Your payout wallet was changed to {theirs.address} (from Telegram).")
    assert edge.violations == []
