"""Helpers of the fault tests: run the payout step in a real process, settle, and check what the chain holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from eth_account.signers.local import LocalAccount

from core.game.game import Game
from tests.integration.rewards.conftest import REWARD_ENV, TREASURY, claims_of, mine, token_balance
from wallet.chain import ChainClient
from wallet.service import PayoutService

REPO = Path(__file__).resolve().parents[3]


def run_step(
    game: Game, chain: ChainClient, key: LocalAccount, fault: str | None = None
) -> subprocess.CompletedProcess[bytes]:
    """`python -m wallet.service once` against the same database and node, optionally crashing at ``fault``."""
    command = ["-m", "tests.integration.rewards.crash_at", fault] if fault else ["-m", "wallet.service", "once"]
    return run_process(game, chain, key, command)


def run_process(
    game: Game, chain: ChainClient, key: LocalAccount, args: list[str]
) -> subprocess.CompletedProcess[bytes]:
    """``python ARGS`` in a real process configured (by environment) for the same database, node and key."""
    settings = game.deps.settings
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHATLABEL_")}
    env.update({f"CHATLABEL_{k.upper()}": v for k, v in REWARD_ENV.items()})
    env.update(
        CHATLABEL_DATA_DIR=str(settings.data_dir),
        CHATLABEL_DATABASE_URL=settings.database.url,
        CHATLABEL_CHAIN_RPC=chain.web3.provider.endpoint_uri,
        CHATLABEL_CHAIN_CONTRACT=chain.contract,
        CHATLABEL_CHAIN_LEASE_SECONDS="0.5",  # so the survivor can take over soon after the crash
        CHATLABEL_PAYOUT_KEY=key.key.hex(),
    )
    return subprocess.run([sys.executable, *args], cwd=REPO, env=env, capture_output=True, timeout=60)


async def settle(game: Game, payouts: PayoutService, chain: ChainClient, rounds: int = 12) -> list[str]:
    """Tick and mine until every claim is paid; returns the steps seen."""
    seen: list[str] = []
    for _ in range(rounds):
        seen += await payouts.tick(force=True)
        if all(c.status == "paid" for c in await claims_of(game)):
            return seen
        mine(chain)
    raise AssertionError(f"claims not paid after {rounds} rounds: {seen}")


async def assert_paid_exactly_once(game: Game, chain: ChainClient, wallets: dict[str, int]) -> None:
    """Every claim paid, each wallet holding exactly its claims, and the treasury short of exactly their sum."""
    claims = await claims_of(game)
    assert claims and all(c.status == "paid" for c in claims)
    assert sum(int(c.amount) for c in claims) == sum(wallets.values())
    for address, amount in wallets.items():
        assert token_balance(chain, address) == amount, address
    assert chain.treasury_balance() == TREASURY - sum(wallets.values())
