"""Payout review, limits on anvil: the fee cap (anvil_setNextBlockBaseFeePerGas), the block gas limit
(evm_setBlockGasLimit), the treasury check before a batch and the admins' alert, the contract refused at start.
"""

from __future__ import annotations

from pathlib import Path

from eth_account import Account
from eth_account.signers.local import LocalAccount
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.common import texts
from core.clock import FixedClock
from core.db.tables import Notice as NoticeRow
from core.game.claim_state import PayoutEvent, PayoutEventKind
from core.game.game import Game
from core.types import Notice, NoticeKind
from tests.integration.rewards.conftest import Anvil, anvil_token, claimant, mine, open_rewards_game
from tests.integration.rewards.faults import assert_paid_exactly_once, settle
from tests.integration.rewards.review import Stop, batches, rpc, service, stop_at, stored_txs
from tests.integration.rewards.test_crashes import UNIT, make_claims
from tests.support import user
from wallet import batcher, reconciler
from wallet.chain import ChainClient
from wallet.run import no_fault
from wallet.service import PayoutService

GWEI = 10**9


async def test_a_base_fee_above_the_cap_makes_the_batch_wait_instead_of_overpaying(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 21: at a 600 gwei base fee and a 500 gwei cap nothing is signed; below it, the max fee is capped."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game)
    rpc(chain, "anvil_setNextBlockBaseFeePerGas", hex(600 * GWEI))
    mine(chain)
    payouts = service(rewards_game, chain, payout_key.key)
    assert (await payouts.tick(force=True))[-1] == "capped"
    assert await stored_txs(rewards_game) == []

    rpc(chain, "anvil_setNextBlockBaseFeePerGas", hex(400 * GWEI))
    mine(chain)
    await settle(rewards_game, payouts, chain)
    cap = 500 * GWEI
    assert all(int(tx.max_fee) <= cap and int(tx.priority_fee) <= cap for tx in await stored_txs(rewards_game))
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_batches_are_sized_by_the_block_gas_limit_and_a_too_big_one_is_split(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 22: with a small block nothing waits forever: batches fit it, and one assigned before it shrank splits."""
    assert batcher.batch_limit(500, 10_000_000) < 336 < batcher.batch_limit(500, 30_000_000)
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game, count=8)
    payouts = service(rewards_game, chain, payout_key.key)
    payouts.run.namespace = "review"
    assert await batcher.start_batch(payouts.run) is not None  # all 8 in one batch, under the default limit
    rpc(chain, "evm_setBlockGasLimit", hex(200_000))
    mine(chain)
    assert await reconciler.reconcile(payouts.run) == "split"
    await settle(rewards_game, payouts, chain, rounds=40)
    first, *rest = await batches(rewards_game)
    assert first.status == "split" and len(rest) >= 2
    assert all(b.status == "confirmed" and (b.gas_used or 0) <= 200_000 for b in rest)

    for n in range(20, 25):  # new claims are batched by what this block can hold, not by max_batch
        who, address = await claimant(rewards_game, n, 10)
        await rewards_game.claim(who)
        wallets[address] = 10 * UNIT
    await settle(rewards_game, payouts, chain, rounds=40)
    later = (await batches(rewards_game))[len(rest) + 1 :]
    assert later and all(b.claims <= batcher.batch_limit(500, 200_000) for b in later)
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_a_stored_batch_the_block_shrank_under_is_split_when_no_node_took_it(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Item 22 at broadcast: signed for a 30M block, refused by a 200k one, never sent: split, then paid."""
    chain = anvil_token(anvil, payout_key)
    wallets = await make_claims(rewards_game, count=8)
    payouts = service(rewards_game, chain, payout_key.key)
    payouts.run.fault = stop_at("after_store")
    try:
        await payouts.tick(force=True)
    except Stop:
        pass
    else:
        raise AssertionError("the worker did not stop after storing the payout")
    payouts.run.fault = no_fault
    rpc(chain, "evm_setBlockGasLimit", hex(200_000))
    mine(chain)
    assert "split" in await payouts.tick(force=True)
    await settle(rewards_game, payouts, chain, rounds=40)
    assert (await batches(rewards_game))[0].status == "split"
    await assert_paid_exactly_once(rewards_game, chain, wallets)


async def test_the_check_before_a_batch_refuses_an_uncovered_treasury_and_reports_it(
    rewards_game: Game, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """Treasury: the default check refuses a batch the Distributor's balance does not cover; nothing is sent."""
    chain = anvil_token(anvil, payout_key, treasury=UNIT)
    await make_claims(rewards_game)
    events: list[PayoutEvent] = []
    payouts = service(rewards_game, chain, payout_key.key, events)
    assert (await payouts.tick(force=True))[-1] == "refused"
    assert await stored_txs(rewards_game) == []
    assert [e.kind for e in events] == [PayoutEventKind.BATCH_REFUSED]
    assert "treasury holds" in events[0].detail and chain.treasury_balance() == UNIT


async def test_the_chat_admins_are_alerted_once_when_a_batch_is_refused(
    database_url: str, tmp_path: Path, clock: FixedClock, anvil: Anvil, payout_key: LocalAccount
) -> None:
    """The core turns the refusal into one PAYOUT_ALERT notice per admin who uses the bot, not one per pass."""
    admin = user(50)
    async for game in open_rewards_game(tmp_path, database_url, clock, admins_telegram=admin.external_id):
        await game.start(admin)
        await make_claims(game)
        payouts = service(game, anvil_token(anvil, payout_key, treasury=UNIT), payout_key.key)
        for _ in range(2):
            assert (await payouts.tick(force=True))[-1] == "refused"
        alerts = [n for n in await game.deps.db.transaction(_notices) if n.kind == NoticeKind.PAYOUT_ALERT]
        assert len(alerts) == 1 and alerts[0].facts["event"] == "batch_refused"
        text = texts.notice(
            Notice(int(alerts[0].id or 0), alerts[0].account_id, NoticeKind.PAYOUT_ALERT, alerts[0].facts)
        )
        assert "refused" in text and "chatlabel payouts status" in text


async def test_a_contract_that_mints_is_refused_at_start(rewards_game: Game, anvil: Anvil) -> None:
    from tests.integration.wallet.conftest import deploy_reward_token, fund
    from wallet.errors import ChainError

    owner = Account.create()
    client = ChainClient.from_url(anvil.url)
    fund(client, owner.address)
    minting = client.at(deploy_reward_token(client, owner.key, "Chat Label", "CHAT"))
    try:
        PayoutService.build(rewards_game.deps.db, rewards_game.deps.settings, client=minting, key=owner.key.hex())
    except ChainError as refused:
        assert "not a Distributor" in refused.user_message
    else:
        raise AssertionError("a RewardToken was accepted as the payout contract")


async def test_a_node_away_at_start_defers_the_contract_check_instead_of_turning_payouts_off(
    rewards_game: Game, payout_key: LocalAccount
) -> None:
    from wallet.devnode import free_port

    away = ChainClient.from_url(f"http://127.0.0.1:{free_port()}", timeout=1).at(payout_key.address)
    payouts = service(rewards_game, away, payout_key.key)
    assert not payouts.contract_checked
    assert await payouts.tick(force=True) == ["chain_error:ChainUnavailable"]


async def _notices(session: AsyncSession) -> list[NoticeRow]:
    return list(await session.scalars(select(NoticeRow).order_by(NoticeRow.id)))
