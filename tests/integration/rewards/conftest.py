"""Rewards tests: the game on a real SQLite file and PostgreSQL, paid on the in-process EVM or on anvil."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from eth_account import Account
from eth_account.signers.local import LocalAccount
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app import open_game
from core.clock import FixedClock, SystemClock
from core.db.reward_tables import Claim
from core.game import ledger
from core.game.game import Game
from core.game.players import require
from core.types import UserRef
from tests.integration.wallet.conftest import Anvil, anvil, fund, start_anvil  # noqa: F401 - fixtures
from tests.support import make_settings, text_pack, user
from wallet.chain import ChainClient
from wallet.deploy import deploy_treasury
from wallet.linking import EthProofs
from wallet.service import PayoutService

# Small numbers so the arithmetic is readable: 1 point = 0.5 token; claims from 10 points.
REWARD_ENV = {
    "rewards_tokens_per_point": '"0.5"',
    "rewards_min_points": "10",
    "rewards_cooldown_hours": "1",
    "rewards_proof_required": "false",
    "chain_stuck_after_seconds": "0.5",
    "chain_lease_seconds": "30",
    "chain_confirmations": "2",
}


async def open_rewards_game(tmp_path: Path, url: str, clock: FixedClock, **overrides: str) -> AsyncIterator[Game]:
    settings = make_settings(tmp_path, url, **{**REWARD_ENV, **overrides})
    async with open_game(settings, clock=clock, packs=[text_pack("spot-the-bot", items=4)]) as game:
        game.wallet_proofs = EthProofs(chain_id=31337)
        yield game


@pytest.fixture
async def rewards_game(database_url: str, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Game]:
    async for game in open_rewards_game(tmp_path, database_url, clock):
        yield game


async def give_points(game: Game, who: UserRef, points: int) -> None:
    async def work(session: AsyncSession) -> None:
        account = await require(session, who)
        ref = f"gift-{points}-{account.points}"
        await ledger.credit(session, account.id, points, "test", ref, game.deps.clock.now())

    await game.deps.db.transaction(work)


async def claimant(game: Game, n: int, points: int) -> tuple[UserRef, str]:
    """A player with ``points`` and a fresh linked wallet; returns them and the wallet address."""
    who = user(n)
    await game.start(who)
    await give_points(game, who, points)
    address = Account.create().address
    await game.link_wallet(who, address)
    return who, address


async def claims_of(game: Game) -> list[Claim]:
    return list(await game.deps.db.transaction(lambda s: _all_claims(s)))


async def _all_claims(session: AsyncSession) -> list[Claim]:
    return list((await session.scalars(select(Claim).order_by(Claim.id))).all())


def service(game: Game, client: ChainClient, key: bytes | str, **kw: object) -> PayoutService:
    built = PayoutService.build(game.deps.db, game.deps.settings, client=client, key=key, clock=SystemClock(), **kw)
    assert built is not None
    return built


# Every test chain's Distributor starts with this treasury (base units), minted to it by the token's owner.
TREASURY = 1_000_000 * 10**18


def token_balance(client: ChainClient, address: str) -> int:
    """``address``'s balance of the token the bound Distributor pays in."""
    token = client.web3.eth.contract(address=client.payout_token(), abi=_abi())
    return int(token.functions.balanceOf(address).call())


def _abi() -> list:
    from wallet import artifacts

    return artifacts.load("RewardToken").abi


@pytest.fixture
def payout_key() -> LocalAccount:
    return Account.create()


def anvil_token(node: Anvil, key: LocalAccount, treasury: int = TREASURY) -> ChainClient:
    """A client on ``node`` bound to a Distributor funded with ``treasury``; ``key`` deploys it and pays."""
    client = ChainClient.from_url(node.url, timeout=2)
    fund(client, key.address)
    return client.at(deploy_treasury(client, key.key, "Chat Label", "CHAT", treasury))


def in_process_token(key: LocalAccount, treasury: int = TREASURY) -> ChainClient:
    client = ChainClient.in_process(funded=[key.address])
    return client.at(deploy_treasury(client, key.key, "Chat Label", "CHAT", treasury))


def mine(client: ChainClient, blocks: int = 1) -> None:
    client.web3.provider.make_request("anvil_mine", [hex(blocks)])
