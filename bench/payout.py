"""A 500-claim payout end to end: claims through the core, then one batch signed, stored, sent and confirmed.

Runs on the embedded in-process EVM with a SQLite file (no node needed). Prints its figures; the last line is JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eth_account import Account
from sqlalchemy import select

from app import open_game
from core.clock import FixedClock, SystemClock
from core.db.reward_tables import PayoutBatch
from core.game import ledger
from core.game.claim_state import tokens_to_units
from core.game.players import require
from tests.support import make_settings, text_pack, user
from wallet import embedded
from wallet.linking import EthProofs
from wallet.service import PayoutService

CLAIMS = 500


async def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/bench.db"
        settings = make_settings(Path(tmp), url, rewards_min_points="1", rewards_proof_required="false")
        clock = FixedClock(datetime(2026, 1, 5, tzinfo=UTC))
        async with open_game(settings, clock=clock, packs=[text_pack(items=2)]) as game:
            units = tokens_to_units(settings.chain.dev_treasury_tokens, settings.rewards.token_decimals)
            chain, key = embedded.start(None, units)
            game.wallet_proofs = EthProofs(chain.chain_id)
            started = time.perf_counter()
            for n in range(CLAIMS):
                who = user(n)
                await game.start(who)
                await game.deps.db.transaction(lambda s, who=who: _gift(s, who, clock))
                await game.link_wallet(who, Account.create().address)
                await game.claim(who)
            claims_s = time.perf_counter() - started
            payouts = PayoutService.build(game.deps.db, settings, client=chain, key=key, clock=SystemClock())
            assert payouts is not None
            payouts.run.confirmations = 1
            started = time.perf_counter()
            steps = await payouts.until_idle()
            batch_s = time.perf_counter() - started
            assert "confirmed" in steps, steps
            batch = await game.deps.db.transaction(lambda s: s.scalar(select(PayoutBatch)))
            gas = int(batch.gas_used or 0)
    return {
        "claims": CLAIMS,
        "claims_s": round(claims_s, 2),
        "batch_500_end_to_end_s": round(batch_s, 2),
        "batch_500_gas": gas,
        "gas_per_recipient": round(gas / CLAIMS, 1),
    }


async def _gift(session, who, clock) -> None:
    account = await require(session, who)
    await ledger.credit(session, account.id, 100, "bench", "gift", clock.now())


if __name__ == "__main__":
    figures = asyncio.run(main())
    print(f"{figures['claims']} claims through the core: {figures['claims_s']} s")
    print(f"one batch of {CLAIMS} (sign, store, send, confirm, notices): {figures['batch_500_end_to_end_s']} s")
    print(f"gas {figures['batch_500_gas']} ({figures['gas_per_recipient']} per recipient, fresh addresses)")
    print(json.dumps(figures))
