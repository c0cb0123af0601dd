"""The service wiring: the embedded chain deployed on start, the scheduled reconciler paying a claim."""

from __future__ import annotations

import asyncio
from pathlib import Path

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from eth_account import Account

from core.clock import FixedClock
from runtime.core_jobs import start_payouts
from tests.integration.rewards.conftest import give_points, open_rewards_game, token_balance
from tests.support import user


async def test_the_scheduled_jobs_pay_a_claim_on_the_embedded_chain(
    database_url: str, tmp_path: Path, clock: FixedClock
) -> None:
    overrides = {"rewards_batch_trigger": "1", "chain_reconcile_seconds": "0.2"}
    async for game in open_rewards_game(tmp_path, database_url, clock, **overrides):
        game.wallet_proofs = None
        scheduler = AsyncIOScheduler(timezone="UTC")
        payouts = start_payouts(scheduler, game, game.deps.settings)
        assert payouts is not None and payouts.embedded and game.wallet_proofs is not None
        # The embedded chain starts with its Distributor funded with [chain] dev_treasury_tokens.
        assert payouts.run.client.treasury_balance() == 1_000_000 * 10**18
        who, address = user(1), Account.create().address
        await game.start(who)
        await give_points(game, who, 40)
        await game.link_wallet(who, address)
        await game.claim(who)
        scheduler.start()
        try:
            for _ in range(100):
                if (await game.claims(who))[0].status == "paid":
                    break
                await asyncio.sleep(0.1)
        finally:
            scheduler.shutdown(wait=False)
        paid = (await game.claims(who))[0]
        assert paid.status == "paid" and paid.tx_hash
        assert token_balance(payouts.run.client, address) == paid.units
        assert payouts.run.client.treasury_balance() == 1_000_000 * 10**18 - paid.units
