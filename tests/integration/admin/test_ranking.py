"""A comparison campaign ranks the systems it compares: an upload naming them, real play and settlement, then the
stats, the export and the requester API's ranking; players never learn which system wrote which answer."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from bot.common.texts import campaign_stats
from core.clock import FixedClock
from core.game.game import Game
from tests.integration.admin.arena import MANIFEST, PAIRS, STRENGTH, arena_rows, play_all
from tests.integration.admin.conftest import ADMIN, write_text_pack


async def arena(game: Game, clock: FixedClock, tmp_path: Path) -> tuple[int, list[str]]:
    campaign = (
        await game.campaigns.create(
            ADMIN,
            name="Arena",
            kind="comparison",
            question="Which answer is better?",
            choices="a=A,b=B,tie=Tie,both_bad=Both bad",
            min_overlap=2,
            max_overlap=3,
            target_confidence=0.8,
            gold_rate=0.3,
        )
    ).campaign_id
    rows, verdicts = arena_rows()
    await game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "arena", rows, MANIFEST))
    await game.campaigns.start(ADMIN, campaign)
    seen = []
    for player in (1, 2, 3):
        seen += await play_all(game, clock, player, verdicts)
    return campaign, seen


async def test_settled_pairs_rank_the_systems_and_players_never_see_them(
    admin_game: Game, clock: FixedClock, tmp_path: Path
) -> None:
    campaign, seen = await arena(admin_game, clock, tmp_path)
    assert seen and not any(system in shown for shown in seen for system in STRENGTH)
    stats = await admin_game.campaigns.stats(ADMIN, campaign)
    assert stats.resolved >= PAIRS * 0.9
    assert [r.system for r in stats.ranking] == sorted(STRENGTH, key=lambda s: -STRENGTH[s])
    assert sum(r.games for r in stats.ranking) == 2 * stats.resolved
    assert all(r.low <= r.rating <= r.high for r in stats.ranking)
    assert await admin_game.campaigns.ranking(ADMIN, campaign) == stats.ranking
    text = campaign_stats(stats)
    best = stats.ranking[0]
    assert f"1. atlas-7b: {best.rating:.0f} ({best.low:.0f}–{best.high:.0f}), {best.games} comparisons" in text


async def test_the_export_names_each_pairs_systems(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign, _ = await arena(admin_game, clock, tmp_path)
    rows, _ = arena_rows()
    expected = {row["id"]: (row.get("system_a"), row.get("system_b")) for row in rows}
    jsonl = await admin_game.campaigns.export(ADMIN, campaign, "jsonl", dest=tmp_path / "out.jsonl")
    records = [json.loads(line) for line in jsonl.path.read_text().splitlines()]
    assert {r["external_id"]: (r["system_a"], r["system_b"]) for r in records} == expected
    exported = await admin_game.campaigns.export(ADMIN, campaign, "csv", dest=tmp_path / "out.csv")
    with exported.path.open(newline="") as f:
        # A CSV cell has no null: an item naming no systems has empty ones.
        found = {r["external_id"]: (r["system_a"] or None, r["system_b"] or None) for r in csv.DictReader(f)}
    assert found == expected
