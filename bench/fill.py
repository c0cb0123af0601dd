"""Bulk-fill a migrated database with players, items and answered tasks, fast (no ORM on this path)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta

import asyncpg
import numpy as np

from tests.support import plain_dsn

CAMPAIGNS = [
    (1, "bench-bot-or-not", "bot_or_not", "Human or bot?", json.dumps([["human", "Human"], ["bot", "Bot"]]), 0),
    (2, "bench-images", "image_binary", "Is this a 7?", json.dumps([["yes", "Yes"], ["no", "No"]]), 1),
]
ACCOUNT = (
    "id",
    "display_name",
    "referral_code",
    "level",
    "level_since",
    "best_level",
    "invited_by",
    "referral_rewarded",
    "points",
    "streak",
    "last_check_in",
    "created_at",
    "gold_recent",
    "hour_started",
    "hour_answers",
)
IDENTITY = ("platform", "external_id", "account_id", "display_name")
CAMPAIGN = (
    "id",
    "name",
    "kind",
    "question",
    "choices",
    "level",
    "community_id",
    "status",
    "gold_feedback",
    "min_overlap",
    "max_overlap",
    "created_at",
    "gold_rate",
    "target_confidence",
    "reward_pool",
    "points_per_item",
    "deadline",
    "instructions",
    "created_by",
)
ITEM = (
    "id",
    "campaign_id",
    "external_id",
    "text",
    "image",
    "answers_shown",
    "known_answer",
    "gold",
    "answers",
    "status",
    "label",
    "confidence",
    "resolved_at",
)
ASSIGNMENT = ("id", "item_id", "account_id", "level", "gold", "shown_at", "answered_at", "choice", "counted", "correct")
LEDGER = ("id", "account_id", "amount", "reason", "ref", "community_id", "created_at")
PRIME = 104_729  # coprime with any item count we use, so one player's items are distinct


def plan(players: int, items: int, answers: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(player, item) for every answer, and the answer count per item."""
    per_player = max(1, answers // players)
    player = np.repeat(np.arange(players, dtype=np.int64), per_player)[:answers]
    k = np.tile(np.arange(per_player, dtype=np.int64), players)[:answers]
    item = (player * 7919 + k * PRIME) % items
    return player, item, np.bincount(item, minlength=items)


def account_rows(players: int, per_player: int, when: datetime) -> Iterator[tuple]:
    for i in range(players):
        yield (i + 1, f"p{i}", f"B{i:07d}", 0, when, 0, None, False, per_player, 0, None, when, "", None, 0)


def identity_rows(players: int) -> Iterator[tuple]:
    for i in range(players):
        yield ("telegram", str(1_000_000 + i), i + 1, f"p{i}")


def campaign_rows(when: datetime) -> list[tuple]:
    return [(*c, None, "active", True, 3, 7, when, None, 0.9, 0, 0, None, "", None) for c in CAMPAIGNS]


def _sql(table: str, columns: tuple[str, ...]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def item_rows(items: int, counts: np.ndarray) -> Iterator[tuple]:
    split = items * 3 // 4
    for i in range(items):
        campaign = 1 if i < split else 2
        known = ("human", "bot")[i % 2] if campaign == 1 else ("yes", "no")[i % 2]
        yield (
            i + 1,
            campaign,
            f"x{i}",
            f"bench text {i}",
            None,
            "[]",
            known,
            i % 10 == 0,
            int(counts[i]),
            "open",
            None,
            None,
            None,
        )


def answer_rows(player: np.ndarray, item: np.ndarray, when: datetime) -> Iterator[tuple[tuple, tuple]]:
    """(assignment row, ledger row) per answer."""
    for n in range(len(player)):
        account, item_id = int(player[n]) + 1, int(item[n]) + 1
        answered = when + timedelta(seconds=n % 86_400)
        gold = item_id % 10 == 1
        yield (
            (
                n + 1,
                item_id,
                account,
                0,
                gold,
                answered - timedelta(seconds=5),
                answered,
                "human",
                True,
                (n % 5 != 0) if gold else None,
            ),
            (n + 1, account, 1, "answer", str(n + 1), None, answered),
        )


def fill_sqlite(path: str, players: int, items: int, answers: int, when: datetime) -> None:
    player, item, counts = plan(players, items, answers)
    per_player = max(1, answers // players)
    db = sqlite3.connect(path, detect_types=0)
    stamp = "%Y-%m-%d %H:%M:%S.%f"
    sqlite3.register_adapter(datetime, lambda moment: moment.strftime(stamp))
    sqlite3.register_adapter(bool, int)
    with db:
        db.executemany(_sql("account", ACCOUNT), account_rows(players, per_player, when))
        db.executemany(_sql("identity", IDENTITY), identity_rows(players))
        db.executemany(_sql("campaign", CAMPAIGN), campaign_rows(when))
        db.executemany(_sql("item", ITEM), item_rows(items, counts))
        # Streamed twice rather than held: a million row tuples would dominate the benchmark's peak memory.
        db.executemany(_sql("assignment", ASSIGNMENT), (r[0] for r in answer_rows(player, item, when)))
        db.executemany(_sql("ledgerentry", LEDGER), (r[1] for r in answer_rows(player, item, when)))
    db.execute("ANALYZE")
    db.close()


async def fill_postgres(url: str, players: int, items: int, answers: int, when: datetime) -> None:
    player, item, counts = plan(players, items, answers)
    per_player = max(1, answers // players)
    connection = await asyncpg.connect(plain_dsn(url))
    try:
        async with connection.transaction():
            copy = connection.copy_records_to_table
            await copy("account", records=list(account_rows(players, per_player, when)), columns=ACCOUNT)
            await copy("identity", records=list(identity_rows(players)), columns=IDENTITY)
            await copy("campaign", records=campaign_rows(when), columns=CAMPAIGN)
            await copy("item", records=list(item_rows(items, counts)), columns=ITEM)
            await copy("assignment", records=(r[0] for r in answer_rows(player, item, when)), columns=ASSIGNMENT)
            await copy("ledgerentry", records=(r[1] for r in answer_rows(player, item, when)), columns=LEDGER)
            for table in ("account", "campaign", "item", "assignment", "ledgerentry"):
                await connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
        await connection.execute("ANALYZE")
    finally:
        await connection.close()
