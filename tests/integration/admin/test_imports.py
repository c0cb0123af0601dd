"""Importing packs into campaigns: every form, the report, and nothing left behind by a failed import."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from core.content.limits import UploadLimits
from core.db.campaign_tables import ItemLink
from core.db.tables import Item
from core.errors import PackRejected
from core.game.game import Game
from tests.integration.admin.conftest import (
    ADMIN,
    MANIFEST,
    count,
    make_zip,
    png_bytes,
    text_campaign,
    text_rows,
    write_text_pack,
)


def packs_dir(game: Game) -> Path:
    return game.deps.settings.data_dir.resolve() / "packs"


def files_under(path: Path) -> list[Path]:
    return [p for p in path.rglob("*") if p.is_file()] if path.exists() else []


async def image_campaign(game: Game, name: str = "Pets") -> int:
    info = await game.campaigns.create(
        ADMIN, name=name, kind="image_category", question="Which animal?", choices="cat=Cat,dog=Dog"
    )
    return info.campaign_id


async def test_a_folder_import_reports_items_gold_labels_and_rejected_rows(admin_game: Game, tmp_path: Path) -> None:
    campaign = await text_campaign(admin_game)
    rows = [*text_rows(6), {"id": "bad", "text": "x", "known_answer": "robot"}, {"text": "no id"}]
    result = await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "pack", rows))
    assert (result.items, result.gold_items) == (6, 2)
    assert result.label_distribution == {"human": 3, "bot": 3}
    assert sorted(r.reason for r in result.rejected) == [
        "known answer 'robot' is not a choice (bot, human)",
        "missing id",
    ]
    items = await admin_game.deps.db.transaction(
        lambda s: s.scalars(select(Item).where(Item.campaign_id == campaign).order_by(Item.id))
    )
    items = list(items)
    assert [i.external_id for i in items] == [f"t{i}" for i in range(6)]
    assert items[0].gold and items[0].known_answer == "human" and items[0].status == "open"


async def test_a_zip_upload_of_a_pack_and_one_of_class_folders(admin_game: Game, tmp_path: Path) -> None:
    pets = await image_campaign(admin_game)
    files = {f"cat/{i}.png": png_bytes("red") for i in range(6)} | {f"dog/{i}.png": png_bytes("blue") for i in range(4)}
    result = await admin_game.campaigns.import_pack(
        ADMIN, pets, make_zip(tmp_path / "pets.zip", files), form="zip", gold_share=0.5
    )
    assert (result.items, result.gold_items) == (10, 5)
    assert result.label_distribution == {"cat": 6, "dog": 4}
    stored = await admin_game.deps.db.transaction(
        lambda s: s.scalars(select(Item.image).where(Item.campaign_id == pets))
    )
    for image in stored:
        assert Path(image).is_file() and Path(image).is_relative_to(packs_dir(admin_game))
    bots = await text_campaign(admin_game)
    text_zip = make_zip(
        tmp_path / "bots.zip", {"manifest.toml": MANIFEST.encode(), "items.csv": b"id,text,known_answer\n1,hi,human\n"}
    )
    assert (await admin_game.campaigns.import_pack(ADMIN, bots, text_zip, form="zip")).items == 1


async def test_class_folders_take_the_campaigns_choices(admin_game: Game, tmp_path: Path) -> None:
    pets = await image_campaign(admin_game)
    for name, color in (("cat", "red"), ("dog", "blue"), ("bird", "green")):
        (tmp_path / "tree" / name).mkdir(parents=True)
        (tmp_path / "tree" / name / "a.png").write_bytes(png_bytes(color))
    result = await admin_game.campaigns.import_pack(ADMIN, pets, tmp_path / "tree", form="class_folders")
    assert result.items == 2 and result.label_distribution == {"cat": 1, "dog": 1}
    assert [r.where for r in result.rejected] == ["bird"]


async def test_url_csv_items_keep_their_links(admin_game: Game, tmp_path: Path) -> None:
    pets = await image_campaign(admin_game)
    csv = tmp_path / "links.csv"
    csv.write_text(
        "id,url,known_answer,gold\n"
        "1,https://images.example/cat.png,cat,1\n"
        "2,https://images.example/dog.png,dog,0\n"
        "3,ftp://images.example/x.png,dog,0\n"
    )
    result = await admin_game.campaigns.import_pack(ADMIN, pets, csv, form="url_csv")
    assert (result.items, result.links, result.gold_items) == (2, 2, 1)
    assert "not an http(s) link" in result.rejected[0].reason
    links = await admin_game.deps.db.transaction(lambda s: s.scalars(select(ItemLink.url).order_by(ItemLink.url)))
    assert list(links) == ["https://images.example/cat.png", "https://images.example/dog.png"]


async def test_hostile_or_unfitting_packs_are_refused_whole(admin_game: Game, tmp_path: Path) -> None:
    campaign = await text_campaign(admin_game)
    pets = await image_campaign(admin_game)
    bomb = make_zip(tmp_path / "bomb.zip", {"manifest.toml": MANIFEST.encode(), "items.csv": b"\0" * (20 << 20)})
    not_zip = tmp_path / "fake.zip"
    not_zip.write_bytes(b"PK not really")
    cases = [
        (campaign, bomb, "zip", "zip bomb"),
        (campaign, not_zip, "zip", ""),
        (campaign, tmp_path / "missing", "folder", "not a folder"),
        (pets, write_text_pack(tmp_path / "text", text_rows(3)), "folder", "the pack's kind is bot_or_not"),
        (campaign, write_text_pack(tmp_path / "empty", [{"id": "1"}]), "folder", "no usable items"),
    ]
    for target, source, form, reason in cases:
        with pytest.raises(PackRejected) as refused:
            await admin_game.campaigns.import_pack(
                ADMIN, target, source, form=form, limits=UploadLimits(max_file_bytes=50 << 20)
            )
        assert refused.value.user_message.startswith("Nothing was imported")
        assert any(reason in r.reason for r in refused.value.rejected), refused.value.rejected
    assert await count(admin_game) == 0
    assert files_under(packs_dir(admin_game)) == []


async def test_ids_already_in_the_campaign_are_refused_rows(admin_game: Game, tmp_path: Path) -> None:
    campaign = await text_campaign(admin_game)
    await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "a", text_rows(4)))
    again = await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "b", text_rows(6)))
    assert again.items == 2 and len(again.rejected) == 4
    assert "already in the campaign" in again.rejected[0].reason
    with pytest.raises(PackRejected) as refused:
        await admin_game.campaigns.import_pack(ADMIN, campaign, write_text_pack(tmp_path / "c", text_rows(6)))
    assert refused.value.rejected[-1].reason == "no item fits the campaign"
    assert await count(admin_game) == 6


async def test_an_import_failing_midway_leaves_no_rows_and_no_files(admin_game: Game, tmp_path: Path) -> None:
    pets = await image_campaign(admin_game)
    files = {f"cat/{i}.png": png_bytes("red", (8 + i, 8)) for i in range(1200)}
    upload = make_zip(tmp_path / "many.zip", files)
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 1000:
            raise RuntimeError("the connection dropped")

    with pytest.raises(RuntimeError):
        await admin_game.campaigns.import_pack(ADMIN, pets, upload, form="zip", progress=progress)
    assert seen[:2] == [(500, 1200), (1000, 1200)]
    assert await count(admin_game) == 0
    assert files_under(packs_dir(admin_game)) == []
    done = await admin_game.campaigns.import_pack(ADMIN, pets, upload, form="zip", progress=lambda d, t: None)
    assert done.items == 1200 and await count(admin_game) == 1200


async def test_refusals_never_show_a_server_path(admin_game: Game, tmp_path: Path) -> None:
    campaign = await text_campaign(admin_game)
    no_items = make_zip(tmp_path / "no-items.zip", {"manifest.toml": MANIFEST.encode()})
    nested = make_zip(tmp_path / "nested.zip", {"mine/manifest.toml": MANIFEST.encode(), "mine/notes.txt": b"x"})
    data_dir = str(admin_game.deps.settings.data_dir.resolve())
    for upload in (no_items, nested):
        with pytest.raises(PackRejected) as refused:
            await admin_game.campaigns.import_pack(ADMIN, campaign, upload, form="zip")
        said = refused.value.user_message
        assert "no items.jsonl or items.csv" in said
        assert data_dir not in said and str(tmp_path) not in said and ".upload-" not in said, said
    assert refused.value.rejected[-1].where == "mine"  # the archive's own folder, by its name
