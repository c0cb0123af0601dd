"""One worker process of the money harness: the same players' money, touched from every process at once.

Protocol on stdin/stdout with test_money_at_once.py: the process opens the game and prints `ready`; on the line
`go <treasury units> <code> <code> ...` it funds the one campaign's pool and the engagement reserve
`FUNDINGS` times in all, claims every player's
points, and starts every invitee with this process's referral code (`codes[index]`), all at once; it prints one
JSON line with what it saw (the losers of each race get the game's refusal).
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from app import open_game
from core.errors import ClaimError, ReferralError, TreasuryShort
from core.game.game import Game
from core.game.money.treasury import FixedTreasury
from core.settings import Settings
from tests.support import make_settings, user

ADMIN = user(0)
FUNDINGS = 4  # per process, all at once
FUNDING_TOKENS = "10"  # 1,000 points at the shipped 0.01 token per point
PLAYERS = range(1, 9)  # every process claims for each of them
INVITEES = range(1000, 1008)  # every process starts each of them, with its own inviter's code


def money_settings(data_dir: Path, database_url: str) -> Settings:
    return make_settings(
        data_dir,
        database_url,
        admins_telegram='["1000"]',
        rewards_min_points="10",
        rewards_cooldown_hours="0",
        rewards_proof_required="false",
    )


def refused(results: list[Any], expected: type[BaseException]) -> int:
    """How many of `results` are the expected refusal; anything else that failed fails the process."""
    unexpected = [r for r in results if isinstance(r, BaseException) and not isinstance(r, expected)]
    if unexpected:
        raise unexpected[0]
    return sum(isinstance(r, expected) for r in results)


async def everything_at_once(game: Game, campaign: int, code: str) -> dict[str, int]:
    # Half into the campaign's pool, half into the engagement reserve: two accounts, so only the treasury's own
    # lock keeps them from promising the same headroom twice.
    fundings = [
        game.economy.fund(ADMIN, campaign, FUNDING_TOKENS)
        if n % 2
        else game.economy.fund_engagement(ADMIN, FUNDING_TOKENS)
        for n in range(FUNDINGS)
    ]
    claims = [game.claim(user(n)) for n in PLAYERS]
    starts = [game.start(user(n), referral_code=code) for n in INVITEES]
    results = await asyncio.gather(*fundings, *claims, *starts, return_exceptions=True)
    funded, claimed = results[:FUNDINGS], results[FUNDINGS : FUNDINGS + len(PLAYERS)]
    joins = list(results[FUNDINGS + len(PLAYERS) :])
    return {
        "joined": len(INVITEES) - refused(joins, ReferralError),  # the others are told they already joined
        "funded": FUNDINGS - refused(list(funded), TreasuryShort),
        "claimed": len(PLAYERS) - refused(list(claimed), ClaimError),
    }


async def main(database_url: str, data_dir: str, campaign: int, index: int) -> None:
    async with open_game(money_settings(Path(data_dir), database_url), seed=False) as game:
        print("ready", flush=True)
        _, units, *codes = (await asyncio.to_thread(sys.stdin.readline)).split()
        game.economy.treasury = FixedTreasury(int(units))
        print(json.dumps(await everything_at_once(game, campaign, codes[index])), flush=True)


if __name__ == "__main__":
    url, folder, campaign_id, position = sys.argv[1:5]
    asyncio.run(main(url, folder, int(campaign_id), int(position)))
