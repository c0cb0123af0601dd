"""Claims paid end to end on the in-process EVM: batching, notices, the lease, a reset dev chain."""

from __future__ import annotations

import asyncio
import logging

import pytest
from eth_account.signers.local import LocalAccount
from sqlalchemy import select

from core.db.book_tables import BookEntry
from core.db.reward_tables import PayoutBatch
from core.db.tables import Notice
from core.game import book
from core.game.game import Game
from core.types import NoticeKind
from tests.integration.rewards.conftest import TREASURY, claimant, claims_of, in_process_token, service, token_balance
from wallet import recovery
from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury

HALF_TOKEN = 5 * 10**17  # one point at 0.5 token per point, in units


async def test_claims_are_paid_in_one_batch_with_notices(rewards_game: Game, payout_key: LocalAccount) -> None:
    chain = in_process_token(payout_key)
    wallets = {}
    for n in range(3):
        who, address = await claimant(rewards_game, n, 10 + n)
        facts = await rewards_game.claim(who)
        assert facts.status == "pending" and facts.tokens == str((10 + n) / 2).removesuffix(".0")
        wallets[address] = (10 + n) * HALF_TOKEN
    payouts = service(rewards_game, chain, payout_key.key)
    payouts.run.confirmations = 1
    steps = await payouts.until_idle()
    assert "confirmed" in steps, steps

    for address, amount in wallets.items():
        assert token_balance(chain, address) == amount
    claims = await claims_of(rewards_game)
    assert {c.status for c in claims} == {"paid"} and len({c.tx_hash for c in claims}) == 1
    notices = await rewards_game.deps.db.transaction(
        lambda s: s.scalars(select(Notice).where(Notice.kind == NoticeKind.CLAIM_PAID.value))
    )
    facts = [n.facts for n in notices]
    assert len(facts) == 3 and all(f["tx"] == claims[0].tx_hash for f in facts)
    assert (await payouts.tick(force=True)) == []  # nothing left: a second pass pays nothing


async def test_one_batcher_at_a_time(rewards_game: Game, payout_key: LocalAccount) -> None:
    chain = in_process_token(payout_key)
    for n in range(4):
        who, _ = await claimant(rewards_game, n, 20)
        await rewards_game.claim(who)
    workers = [service(rewards_game, chain, payout_key.key) for _ in range(3)]
    for worker in workers:
        worker.run.confirmations = 1
    results = await asyncio.gather(*(w.tick(force=True) for w in workers))
    assert sum(1 for steps in results if "assigned" in steps) == 1, results
    for worker in workers:
        await worker.until_idle()
    batches = await rewards_game.deps.db.transaction(lambda s: s.scalars(select(PayoutBatch)))
    assert [b.status for b in batches] == ["confirmed"]


async def test_a_reset_dev_chain_is_detected_and_old_payouts_are_not_reported_paid(
    rewards_game: Game, payout_key: LocalAccount, caplog: pytest.LogCaptureFixture
) -> None:
    who, address = await claimant(rewards_game, 1, 30)
    await rewards_game.claim(who, 10)
    first = in_process_token(payout_key)
    payouts = service(rewards_game, first, payout_key.key, embedded_chain=True)
    payouts.run.confirmations = 1
    assert "confirmed" in await payouts.until_idle()

    # A restarted process: a fresh in-process chain, same key, so the same genesis and contract address.
    second = ChainClient.in_process(funded=[payout_key.address])
    second = second.at(deploy_treasury(second, payout_key.key, "Chat Label", "CHAT", TREASURY))
    assert second.contract == first.contract
    rewards_game.deps.clock.advance(hours=2)
    await rewards_game.claim(who, 10)
    again = service(rewards_game, second, payout_key.key, embedded_chain=True)
    again.run.confirmations = 1
    with caplog.at_level(logging.WARNING, logger="chatlabel.payouts"):
        assert "confirmed" in await again.until_idle()
    # The operator is told in plain words what the reset means: test payments gone, nothing real lost.
    [warning] = [
        r.getMessage() for r in caplog.records if r.name == "chatlabel.payouts" and "test chain" in r.getMessage()
    ]
    assert warning.startswith("The built-in test chain starts empty each time chatlabel starts, so the test payouts")
    assert "(they were never real tokens)" in warning and "set [chain] rpc in config.toml" in warning
    statuses = [c.status for c in await claims_of(rewards_game)]
    assert statuses == ["reset", "paid"]  # the first payout vanished with its chain: not reported as paid
    assert token_balance(second, address) == 10 * HALF_TOKEN
    mine = await rewards_game.claims(who)
    assert [c.status for c in mine] == ["paid", "reset"]


async def test_a_replaced_node_stops_payouts_and_says_so(rewards_game: Game, payout_key: LocalAccount) -> None:
    who, _ = await claimant(rewards_game, 1, 30)
    await rewards_game.claim(who, 10)
    payouts = service(rewards_game, in_process_token(payout_key), payout_key.key)
    payouts.run.confirmations = 1
    assert "confirmed" in await payouts.until_idle()
    rewards_game.deps.clock.advance(hours=2)
    await rewards_game.claim(who, 10)
    other = service(rewards_game, in_process_token(payout_key), payout_key.key)  # a node by URL, not ours
    assert await other.tick(force=True) == ["chain_reset"]
    # A fresh in-process chain repeats the genesis only when made within the same second: either way, said so.
    assert other.reset_detail and ("recorded paid" in other.reset_detail or "genesis" in other.reset_detail)
    assert [c.status for c in await claims_of(rewards_game)] == ["paid", "pending"]


async def book_of(game: Game) -> dict[str, int]:
    names = (book.CLAIMS, book.PAID)
    return await game.deps.db.transaction(lambda s: s.run_sync(lambda sync: book.balances(sync, names)))


async def test_a_reset_dev_chain_owes_its_lost_payouts_again_in_the_book_until_they_are_repaid(
    rewards_game: Game, payout_key: LocalAccount
) -> None:
    who, address = await claimant(rewards_game, 1, 30)
    await rewards_game.claim(who, 10)
    payouts = service(rewards_game, in_process_token(payout_key), payout_key.key, embedded_chain=True)
    payouts.run.confirmations = 1
    assert "confirmed" in await payouts.until_idle()
    assert await book_of(rewards_game) == {"claims": 0, "paid": 10}

    second = ChainClient.in_process(funded=[payout_key.address])
    second = second.at(deploy_treasury(second, payout_key.key, "Chat Label", "CHAT", TREASURY))
    again = service(rewards_game, second, payout_key.key, embedded_chain=True)
    again.run.confirmations = 1
    await again.until_idle()  # the restarted dev chain is adopted: the payout it lacks is owed again
    assert [c.status for c in await claims_of(rewards_game)] == ["reset"]
    assert await book_of(rewards_game) == {"claims": 10, "paid": 0}
    audit = await rewards_game.economy.audit(treasury_units=TREASURY)
    assert audit.balanced and audit.cached and audit.claims == 10
    await again.until_idle()
    assert await book_of(rewards_game) == {"claims": 10, "paid": 0}  # a second pass moves nothing

    # The operator repays it on the new chain: paid once more, in the book as on chain.
    plan = await recovery.plan_repay(again.run)
    assert [a.claims for a in plan] == [1]
    await recovery.repay(again.run, plan)
    assert "confirmed" in await again.until_idle()
    assert [c.status for c in await claims_of(rewards_game)] == ["paid"]
    assert token_balance(second, address) == 10 * HALF_TOKEN
    assert await book_of(rewards_game) == {"claims": 0, "paid": 10}
    moves = await rewards_game.deps.db.transaction(
        lambda s: s.execute(select(BookEntry.reason, BookEntry.ref).where(BookEntry.reason.in_(("paid", "reset"))))
    )
    assert sorted(moves.all()) == [("paid", "1"), ("paid", "1:1"), ("reset", "1:1")]
    assert (await rewards_game.economy.audit(treasury_units=TREASURY)).cached
