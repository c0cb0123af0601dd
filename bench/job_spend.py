"""What a job spent, read from the book as the job's money and its stats read it (`core.game.money.spend`), on a
SQLite database holding 1,000,000 book entries: one job's pool with the shares of 100,000 settled items (three
players each), 1% of them taken back by a refit's corrections and re-paid to other answers, among 99 other pools.

Prints its figures; the last line is JSON with spend_query_ms (the median of 7 reads) and spend_ok (the figures
match what was written).
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app import open_game
from core.game import book
from core.game.money.pending import RELABEL
from core.game.money.pools import REASON, share_ref
from core.game.money.spend import Spend, of_pool
from tests.support import make_settings

JOB, OTHER_POOLS, ITEMS, PER_ITEM, ENTRIES = 1, 99, 100_000, 3, 1_000_000
CORRECTED = 0.01


def fill(path: Path, rng: random.Random) -> Spend:
    """The book entries, as settlement and a refit's corrections write them; returns the job's true spend."""
    now = datetime(2026, 1, 5, tzinfo=UTC).isoformat(sep=" ")
    rows: list[tuple[int, str, str, int, str, str, int | None, str]] = []

    def move(debit: str, credit: str, amount: int, reason: str, ref: str, account: int | None = None) -> int:
        rows.append((len(rows) + 1, debit, credit, amount, reason, ref, account, now))
        return len(rows)

    held: dict[int, tuple[int, int, int]] = {}  # entry id -> (item, account, amount) of the shares players hold
    for item in range(1, ITEMS + 1):
        players = rng.sample(range(1, 50_001), PER_ITEM + 1)
        for player in players[:PER_ITEM]:
            entry = move(book.pool(JOB), book.pending(player), 4, REASON, share_ref(item), player)
            held[entry] = (item, player, 4)
        if rng.random() < CORRECTED:  # a label change: the first share goes back, the fourth answer is paid
            first = len(rows) - PER_ITEM + 1
            move(book.pending(players[0]), book.pool(JOB), 4, RELABEL, str(first), players[0])
            del held[first]
            entry = move(book.pool(JOB), book.pending(players[-1]), 4, REASON, share_ref(item, item), players[-1])
            held[entry] = (item, players[-1], 4)
    while len(rows) < ENTRIES:
        player = rng.randrange(1, 50_001)
        move(book.pool(rng.randint(2, OTHER_POOLS + 1)), book.pending(player), 3, REASON, f"item:{len(rows)}", player)
    with sqlite3.connect(path) as db:
        db.executemany(
            "INSERT INTO book_entry (id, debit, credit, amount, reason, ref, account_id, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    shares = list(held.values())
    return Spend(
        points=sum(amount for _, _, amount in shares),
        shares=len(shares),
        accounts=len({account for _, account, _ in shares}),
        items=len({item for item, _, _ in shares}),
    )


async def main() -> dict[str, float | bool | int]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/spend.db"
        settings = make_settings(Path(tmp), url)
        async with open_game(settings, packs=[]):
            pass  # migrated, empty
        truth = fill(Path(tmp) / "spend.db", random.Random(7))
        async with open_game(settings, packs=[]) as game:
            times, found = [], None
            for _ in range(7):
                start = time.perf_counter()
                found = await game.deps.db.run(lambda session: of_pool(session, JOB))
                times.append(time.perf_counter() - start)
    return {
        "spend_query_ms": round(statistics.median(times) * 1000, 1),
        "spend_shares": truth.shares,
        "spend_ok": found == truth,
    }


if __name__ == "__main__":
    result = asyncio.run(main())
    print(
        f"a job's spend over {result['spend_shares']:,} shares among {ENTRIES:,} book entries: "
        f"{result['spend_query_ms']} ms, {'right' if result['spend_ok'] else 'WRONG'}"
    )
    print(json.dumps(result))
