"""Exports read back with the libraries users use, compared item for item with the database."""

from __future__ import annotations

import asyncio
import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from sqlalchemy import select

from core.clock import FixedClock
from core.db.tables import Assignment, Item
from core.errors import NotAllowed, UnknownFormat
from core.game.game import Game
from tests.integration.admin.conftest import ADMIN, make_moderator
from tests.integration.admin.played import FORMULAS, played_campaign
from tests.support import user


async def expected(game: Game, campaign: int) -> dict[str, dict[str, Any]]:
    """Per external id: the item's fields and its answers' choices in order, straight from the tables."""

    async def work(session: Any) -> dict[str, dict[str, Any]]:
        items = (await session.execute(select(Item).where(Item.campaign_id == campaign))).scalars().all()
        out = {}
        for item in items:
            choices = await session.scalars(
                select(Assignment.choice)
                .where(Assignment.item_id == item.id, Assignment.answered_at.is_not(None))
                .order_by(Assignment.answered_at, Assignment.id)
            )
            out[item.external_id] = {
                "item_id": item.id,
                "text": item.text,
                "status": item.status,
                "label": item.label,
                "confidence": item.confidence,
                "n_answers": item.answers,
                "known_answer": item.known_answer,
                "gold": item.gold,
                "choices": list(choices),
            }
        return out

    return await game.deps.db.transaction(work)


def check(records: list[dict[str, Any]], truth: dict[str, dict[str, Any]]) -> set[str]:
    """Every record matches its item; returns the worker pseudonyms seen."""
    assert sorted(r["external_id"] for r in records) == sorted(truth)
    workers = set()
    for record in records:
        want = truth[record["external_id"]]
        for key in ("item_id", "status", "label", "confidence", "n_answers", "known_answer", "gold"):
            assert record[key] == want[key], (key, record)
        assert [a["choice"] for a in record["answers"]] == want["choices"]
        workers |= {a["worker"] for a in record["answers"]}
    return workers


def from_csv(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    for row in rows:
        row["item_id"], row["n_answers"] = int(row["item_id"]), int(row["n_answers"])
        row["confidence"] = float(row["confidence"]) if row["confidence"] else None
        row["label"] = row["label"] or None
        row["gold"] = row["gold"] == "true"
        row["answers"] = json.loads(row["answers"])
    return rows


def choice_of(annotation: dict[str, Any]) -> str:
    return annotation["result"][0]["value"]["choices"][0]


def from_label_studio(path: Path) -> list[dict[str, Any]]:
    records = []
    for task in json.loads(path.read_text(encoding="utf-8")):
        data, predictions = task["data"], task["predictions"]
        records.append(
            {
                **{k: data[k] for k in ("item_id", "external_id", "status", "confidence", "n_answers", "known_answer")},
                "gold": data["gold"],
                "label": predictions[0]["result"][0]["value"]["choices"][0] if predictions else None,
                "answers": [
                    {"choice": a["result"][0]["value"]["choices"][0], "worker": a["worker"]}
                    for a in task["annotations"]
                ],
            }
        )
        assert all(a["result"][0]["from_name"] == "label" for a in task["annotations"])
        assert not predictions or predictions[0]["score"] == data["confidence"]
    return records


async def test_every_format_reads_back_item_for_item(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await played_campaign(admin_game, clock, tmp_path)
    truth = await expected(admin_game, campaign)
    assert sum(len(t["choices"]) for t in truth.values()) == 30
    readers = {
        "csv": from_csv,
        "jsonl": lambda p: [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()],
        "label_studio": from_label_studio,
        "parquet": lambda p: pq.read_table(p).to_pylist(),
    }
    seen = []
    for fmt, read in readers.items():
        progress: list[tuple[int, int]] = []
        result = await admin_game.campaigns.export(
            ADMIN, campaign, fmt, progress=lambda d, t, seen=progress: seen.append((d, t))
        )
        assert result.path.parent == admin_game.deps.settings.data_dir.resolve() / "exports"
        assert (result.items, result.answers, result.workers) == (10, 30, 3) and result.bytes > 0
        assert progress[-1] == (10, 10)
        records = read(result.path)
        if fmt == "csv":
            for record in records:
                record["text"] = record["text"].removeprefix("'")
        workers = check(records, truth)
        assert len(workers) == 3
        seen.append(workers)
    # A worker keeps one pseudonym across the campaign's exports, so exports can be compared and joined.
    assert all(workers == seen[0] for workers in seen)


async def test_parquet_loads_with_hugging_face_datasets(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    datasets = pytest.importorskip("datasets")
    campaign = await played_campaign(admin_game, clock, tmp_path)
    result = await admin_game.campaigns.export(ADMIN, campaign, "parquet", dest=tmp_path / "out" / "bots.parquet")
    loaded = datasets.load_dataset(
        "parquet", data_files=str(result.path), split="train", cache_dir=str(tmp_path / "hf")
    )
    assert loaded.num_rows == 10
    assert set(loaded.column_names) >= {"label", "confidence", "n_answers", "known_answer", "status", "answers"}
    check([dict(row) for row in loaded], await expected(admin_game, campaign))


async def test_csv_defuses_formula_text(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await played_campaign(admin_game, clock, tmp_path)
    result = await admin_game.campaigns.export(ADMIN, campaign, "csv", dest=tmp_path / "x.csv")
    with result.path.open(newline="", encoding="utf-8") as file:
        texts = {row["external_id"]: row["text"] for row in csv.DictReader(file)}
    assert [texts[f"f{i}"] for i in range(len(FORMULAS))] == ["'" + text for text in FORMULAS]
    assert texts["t1"] == "text 1"
    jsonl = await admin_game.campaigns.export(ADMIN, campaign, "jsonl", dest=tmp_path / "x.jsonl")
    lines = jsonl.path.read_text(encoding="utf-8").splitlines()
    assert FORMULAS[0] in {json.loads(line)["text"] for line in lines}  # only CSV is opened by spreadsheets


async def test_exports_without_answers_and_refusals(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await played_campaign(admin_game, clock, tmp_path)
    bare = await admin_game.campaigns.export(ADMIN, campaign, "parquet", with_answers=False, dest=tmp_path / "b.pq")
    assert bare.answers == 0 and all(row["answers"] == [] for row in pq.read_table(bare.path).to_pylist())
    with pytest.raises(UnknownFormat):
        await admin_game.campaigns.export(ADMIN, campaign, "xlsx")
    await make_moderator(admin_game, user(9), chat="-300")
    with pytest.raises(NotAllowed):
        await admin_game.campaigns.export(user(9), campaign, "csv", dest=tmp_path / "no.csv")
    assert not (tmp_path / "no.csv").exists()


async def test_export_files_name_images_without_server_paths(admin_game: Game, tmp_path: Path) -> None:
    from tests.integration.admin.conftest import make_zip, png_bytes
    from tests.integration.admin.test_imports import image_campaign

    pets = await image_campaign(admin_game)
    files = {f"cat/{i}.png": png_bytes("red", (8 + i, 8)) for i in range(3)}
    await admin_game.campaigns.import_pack(ADMIN, pets, make_zip(tmp_path / "pets.zip", files), form="zip")
    data_dir = str(admin_game.deps.settings.data_dir.resolve())
    for fmt in ("csv", "jsonl", "label_studio", "parquet"):
        result = await admin_game.campaigns.export(ADMIN, pets, fmt)
        written = result.path.read_bytes()
        assert data_dir.encode() not in written and str(tmp_path).encode() not in written, fmt
    rows = list(csv.DictReader((await admin_game.campaigns.export(ADMIN, pets, "csv")).path.open()))
    assert all(row["image"].endswith(".png") and "/" not in row["image"] for row in rows)


async def test_a_failed_or_cancelled_export_leaves_no_file(admin_game: Game, clock: FixedClock, tmp_path: Path) -> None:
    campaign = await played_campaign(admin_game, clock, tmp_path)
    dest = tmp_path / "out" / "a.csv"

    def failing(done: int, total: int) -> None:
        raise OSError("the console went away")

    with pytest.raises(OSError, match="went away"):
        await admin_game.campaigns.export(ADMIN, campaign, "csv", dest=dest, progress=failing)
    assert list(dest.parent.iterdir()) == []

    def cancelling(done: int, total: int) -> None:
        export.cancel()  # as a console's stop would, while the file is being written

    export = asyncio.create_task(admin_game.campaigns.export(ADMIN, campaign, "csv", dest=dest, progress=cancelling))
    with pytest.raises(asyncio.CancelledError):
        await export
    assert list(dest.parent.iterdir()) == []
    done = await admin_game.campaigns.export(ADMIN, campaign, "csv", dest=dest)  # and the next one works
    assert done.items > 0 and list(dest.parent.iterdir()) == [dest]
