"""The economy's figures: the simulation's crowd with a sybil farm, and the ledger audit on a filled database.

1. `chatlabel simulate` at its defaults (100 players with spammers and colluders, 320 items, plus a farm of 50
   accounts that only check in and invite each other and 5 that answer at random): who can claim what once the
   settlement window has passed, and whether anything owed is unbacked.
2. A SQLite database filled with 1,000,000 book entries (funding, settlement shares, releases, check-ins,
   claims and payouts over 50,000 players), audited against a treasury holding exactly what is owed.

Prints its figures; the last line is JSON.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import open_game
from core.game import book
from core.game.money.treasury import units_per_point
from core.simulation.run import SimConfig, simulate
from tests.support import make_settings

PLAYERS = 50_000
CAMPAIGNS = 100
ENTRIES = 1_000_000


async def simulation() -> dict[str, float]:
    report = await simulate(SimConfig(), open_game)
    figures = report.figures()
    return {key: figures[key] for key in ("sybil_reward_share", "honest_reward_share", "unbacked_points")} | {
        "honest_points_per_counted_answer": figures["honest_points_per_counted_answer"],
        "accuracy": figures["accuracy"],
    }


def fill(path: Path, rng: random.Random) -> int:
    """Book entries as the use cases write them, with the cached balances that go with them; returns points owed."""
    now = datetime(2026, 1, 5, tzinfo=UTC).isoformat(sep=" ")
    balances: dict[str, int] = {}
    rows: list[tuple[str, str, int, str, str, int | None, str]] = []

    def move(debit: str, credit: str, amount: int, reason: str, ref: str, account: int | None = None) -> None:
        balances[debit] = balances.get(debit, 0) - amount
        balances[credit] = balances.get(credit, 0) + amount
        rows.append((debit, credit, amount, reason, ref, account, now))

    for campaign in range(1, CAMPAIGNS + 1):
        move(book.TREASURY, book.pool(campaign), 10**7, "fund", f"bench:{campaign}")
    move(book.TREASURY, book.ENGAGEMENT, 10**6, "fund", "bench")
    move(book.ENGAGEMENT, book.engagement_day(datetime(2026, 1, 5).date()), 10**5, "day_budget", "2026-01-05")
    item = 0
    while len(rows) < ENTRIES:
        player = rng.randrange(1, PLAYERS + 1)
        item += 1
        share = rng.randint(1, 10)
        move(book.pool(rng.randint(1, CAMPAIGNS)), book.pending(player), share, "settlement", f"item:{item}", player)
        entry = len(rows)
        roll = rng.random()
        if roll < 0.6:
            move(book.pending(player), book.claimable(player), share, "release", str(entry), player)
            if roll < 0.2:
                move(book.claimable(player), book.CLAIMS, share, "claim", str(item), player)
                if roll < 0.1:
                    move(book.CLAIMS, book.PAID, share, "paid", str(item), player)
        elif roll < 0.62 and balances.get(book.engagement_day(datetime(2026, 1, 5).date()), 0) >= 5:
            day = book.engagement_day(datetime(2026, 1, 5).date())
            move(day, book.pending(player), 5, "check_in", f"2026-01-05:{item}", player)
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO account (id, display_name, referral_code, level, level_since, best_level, referral_rewarded,"
            " points, streak, created_at, gold_recent, hour_answers) VALUES (?, ?, ?, 0, ?, 0, 0, 0, 0, ?, '', 0)",
            [(n, f"p{n}", f"R{n:07d}", now, now) for n in range(1, PLAYERS + 1)],
        )
        db.executemany(
            "INSERT INTO book_entry (debit, credit, amount, reason, ref, account_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.executemany("INSERT INTO book_account (name, balance) VALUES (?, ?)", list(balances.items()))
    return sum(v for k, v in balances.items() if k not in (book.TREASURY, book.PAID))


async def audit_filled() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/economy.db"
        settings = make_settings(Path(tmp), url)
        async with open_game(settings, packs=[]):
            pass  # migrated, empty
        owed = fill(Path(tmp) / "economy.db", random.Random(7))
        async with open_game(settings, packs=[]) as game:
            held = int(owed * units_per_point(settings.rewards))
            start = time.perf_counter()
            audit = await game.economy.audit(held)
            seconds = time.perf_counter() - start
        return {
            "audit_seconds": round(seconds, 2),
            "audit_entries": audit.entries,
            "audit_ok": audit.ok,
            "audit_unbacked_points": audit.unbacked_points,
            "audit_owed_points": audit.owed,
        }


async def main() -> dict[str, float]:
    simulated = await simulation()
    audited = await audit_filled()
    figures = {**simulated, **audited}
    figures["unbacked_points"] = simulated["unbacked_points"] + audited["audit_unbacked_points"]
    return figures


if __name__ == "__main__":
    result = asyncio.run(main())
    print(
        f"simulation: sybil farm holds {result['sybil_reward_share']:.2%} of claimable points, honest players "
        f"{result['honest_reward_share']:.2%}; {result['honest_points_per_counted_answer']} points per honest "
        f"counted answer; labels {result['accuracy']:.1%} right"
    )
    print(
        f"audit of {result['audit_entries']:,} entries ({result['audit_owed_points']:,} points owed): "
        f"{result['audit_seconds']} s, {'ok' if result['audit_ok'] else 'FAILED'}"
    )
    print(f"unbacked points: {result['unbacked_points']}")
    print(json.dumps(result))
