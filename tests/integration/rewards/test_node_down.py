"""A chain node that is down at start-up pauses payouts without stopping the service; they resume once it answers."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from eth_account import Account
from eth_account.signers.local import LocalAccount
from web3.utils.address import get_create_address

from core.clock import FixedClock
from runtime.core_jobs import start_payouts
from tests.integration.rewards.conftest import TREASURY, give_points, open_rewards_game, token_balance
from tests.integration.wallet.conftest import fund, start_anvil
from tests.support import user
from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury
from wallet.devnode import free_port
from wallet.node_wait import backoff


def test_retries_back_off_exponentially_up_to_the_cap() -> None:
    assert [backoff(n, cap=30) for n in range(6)] == [2, 4, 8, 16, 30, 30]
    assert backoff(10_000, cap=300) == 300


async def test_a_retry_due_before_the_scheduler_runs_still_happens(
    database_url: str, tmp_path: Path, clock: FixedClock, payout_key: LocalAccount
) -> None:
    """The service starts its scheduler after the bots: a slow start-up must not drop the first retry."""
    overrides = {
        "chain_rpc": f"http://127.0.0.1:{free_port()}",
        "chain_contract": get_create_address(payout_key.address, 1),
        "chain_node_retry_max_seconds": "0.2",
        "chain_rpc_timeout_seconds": "2",
        "payout_key": payout_key.key.hex(),
    }
    async for game in open_rewards_game(tmp_path, database_url, clock, **overrides):
        scheduler = AsyncIOScheduler(timezone="UTC")
        payouts = start_payouts(scheduler, game, game.deps.settings)
        assert payouts is not None and payouts.node_wait is not None and payouts.node_wait.attempts == 1
        await asyncio.sleep(1.5)  # the retry was due after 0.2 s; the scheduler is not running yet
        scheduler.start()
        try:
            for _ in range(50):
                if payouts.node_wait.attempts >= 2:
                    break
                await asyncio.sleep(0.1)
            assert payouts.node_wait.attempts >= 2
            assert payouts.node_wait.status == "payouts paused: node unreachable"
        finally:
            scheduler.shutdown(wait=False)


async def test_payouts_wait_for_a_node_that_is_down_at_start_up(
    database_url: str, tmp_path: Path, clock: FixedClock, payout_key: LocalAccount, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    contract = get_create_address(payout_key.address, 1)  # the Distributor: the key deploys the token first
    overrides = {
        "chain_rpc": f"http://127.0.0.1:{port}",
        "chain_contract": contract,
        "chain_confirmations": "1",
        "chain_reconcile_seconds": "0.2",
        "chain_node_retry_max_seconds": "0.3",
        "chain_rpc_timeout_seconds": "2",
        "rewards_batch_trigger": "1",
        "payout_key": payout_key.key.hex(),
    }
    caplog.set_level(logging.INFO, logger="chatlabel.payouts")
    async for game in open_rewards_game(tmp_path, database_url, clock, **overrides):
        game.wallet_proofs = None
        scheduler = AsyncIOScheduler(timezone="UTC")
        payouts = start_payouts(scheduler, game, game.deps.settings)  # the node is down: no exception
        assert payouts is not None and payouts.node_wait is not None
        assert payouts.node_wait.status == "payouts paused: node unreachable"
        assert game.wallet_proofs is None and scheduler.get_job("payout_reconcile") is None
        who, address = user(1), Account.create().address
        await game.start(who)
        await give_points(game, who, 40)
        scheduler.start()
        node = None
        try:
            await asyncio.sleep(1.0)  # a few retries against the closed port
            assert payouts.node_wait.attempts >= 3
            node = start_anvil(port)
            client = ChainClient.from_url(node.url)
            fund(client, payout_key.address)
            assert deploy_treasury(client, payout_key.key, "Chat Label", "CHAT", TREASURY) == contract
            for _ in range(50):
                if game.wallet_proofs is not None:
                    break
                await asyncio.sleep(0.1)
            assert payouts.node_wait.status == "payouts running" and game.wallet_proofs is not None
            await game.link_wallet(who, address)
            await game.claim(who)
            for _ in range(100):
                if (await game.claims(who))[0].status == "paid":
                    break
                await asyncio.sleep(0.1)
            paid = (await game.claims(who))[0]
            assert paid.status == "paid" and token_balance(payouts.run.client, address) == paid.units
        finally:
            scheduler.shutdown(wait=False)
            if node is not None:
                node.stop()
    lines = [record.getMessage() for record in caplog.records]
    assert any(line.startswith("payouts paused: node unreachable; retrying in") for line in lines)
    assert any(line.startswith("payouts resumed: node reachable") for line in lines)
