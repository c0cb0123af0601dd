"""Money touched from several worker processes at once on one PostgreSQL database: fundings racing for the
treasury's last headroom, every player's claim made by every process, and invitees joining through several
inviters' codes at the same moment. The invariants then read only the rows and the book."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from eth_account import Account as EthAccount
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import open_game
from core.db.reward_tables import Claim
from core.db.tables import Account, Campaign, Identity
from core.game import book
from core.game.game import Game
from core.game.money.treasury import FixedTreasury, units_per_point
from tests.integration.concurrency import processes
from tests.integration.concurrency.money_worker import INVITEES, PLAYERS, money_settings
from tests.integration.concurrency.processes import release_together
from tests.support import fund_pools, give_claimable, postgres_database, text_pack, user
from wallet.linking import EthProofs

PROCESSES = 3
FITS = 5  # of the PROCESSES × FUNDINGS fundings, the treasury has headroom for exactly this many
FUNDING_POINTS = 1_000
CLAIMABLE = 100

pytestmark = pytest.mark.postgres


def spawn(database_url: str, data_dir: Path, campaign: int, index: int) -> subprocess.Popen[str]:
    return processes.spawn("tests.integration.concurrency.money_worker", database_url, data_dir, campaign, index)


async def players_with_claimable_points(game: Game) -> list[str]:
    """Every player holds CLAIMABLE backed points and a linked wallet; returns the inviters' referral codes."""
    game.wallet_proofs = EthProofs(chain_id=31337)  # wallets link with no signature here (proof_required false)
    codes = []
    for n in PLAYERS:
        await game.start(user(n))
        await give_claimable(game, user(n), CLAIMABLE, f"harness-{n}")
        await game.link_wallet(user(n), EthAccount.create().address)
        codes.append((await game.invite(user(n))).code)
    return codes[:PROCESSES]


async def test_fundings_claims_and_invites_at_once_from_several_processes(tmp_path: Path) -> None:
    async with postgres_database() as url:
        settings = money_settings(tmp_path, url)
        async with open_game(settings, packs=[text_pack("money", items=2)]) as game:
            await fund_pools(game)
            campaign = await game.deps.db.transaction(lambda s: s.scalar(select(func.min(Campaign.id))))
            codes = await players_with_claimable_points(game)
            pool_before = await funded(game, campaign)
            owed = (await game.economy.audit(0)).owed
            units = int((owed + FITS * FUNDING_POINTS) * units_per_point(settings.rewards))
            workers = [spawn(url, tmp_path, campaign, p) for p in range(PROCESSES)]
            seen = release_together(workers, f"go {units} {' '.join(codes)}")

            assert sum(s["funded"] for s in seen) == FITS, seen
            assert sum(s["claimed"] for s in seen) == len(PLAYERS), seen
            assert sum(s["joined"] for s in seen) == len(INVITEES), seen
            assert await funded(game, campaign) == pool_before + FITS * FUNDING_POINTS
            await game.deps.db.transaction(lambda s: one_claim_each(s))
            await game.deps.db.transaction(lambda s: one_account_and_one_inviter_each(s, codes))
            game.economy.treasury = FixedTreasury(units)
            audit = await game.economy.audit()
            assert audit.balanced and audit.cached and audit.ok, audit
            assert audit.unbacked_points == 0 and audit.overdrawn == 0, audit


async def funded(game: Game, campaign: int) -> int:
    """What the campaign's pool and the engagement reserve hold together."""
    names = [book.pool(campaign), book.ENGAGEMENT]
    return sum((await game.deps.db.run(lambda s: book.balances(s, names))).values())


async def one_claim_each(session: AsyncSession) -> None:
    claims = list(await session.scalars(select(Claim)))
    assert sorted(c.points for c in claims) == [CLAIMABLE] * len(PLAYERS)
    assert len({c.account_id for c in claims}) == len(PLAYERS)


async def one_account_and_one_inviter_each(session: AsyncSession, codes: list[str]) -> None:
    inviters = set(await session.scalars(select(Account.id).where(Account.referral_code.in_(codes))))
    identities = list(
        await session.scalars(select(Identity).where(Identity.external_id.in_([user(n).external_id for n in INVITEES])))
    )
    assert len(identities) == len(INVITEES), [i.external_id for i in identities]
    accounts = list(await session.scalars(select(Account).where(Account.id.in_([i.account_id for i in identities]))))
    assert len(accounts) == len(INVITEES)
    assert all(a.invited_by in inviters for a in accounts), [a.invited_by for a in accounts]
