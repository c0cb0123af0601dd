"""The /campaign group on Discord: the same journey and refusals as on Telegram, uploads as attachment options."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from PIL import Image

from bot.common import texts
from core.clock import FixedClock
from core.whole_numbers import INT32_MAX
from tests.e2e.discord.conftest import World, running, settings_for, truth
from tests.e2e.rewards_support import pack_zip
from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_payloads import FakeAttachment, FakeUser
from tests.fakes.discord_records import InteractionRecord, SentMessage

NEW = {"name": "Pets", "kind": "bot_or_not", "question": "Human or bot?", "choices": "human=Human,bot=Bot"}


def answer(record: InteractionRecord) -> SentMessage:
    """The bot's last word; after an import or export it follows the progress message (the original response)."""
    last = record.followups[-1] if record.followups else record.message
    assert last is not None
    return last


@pytest.fixture
async def admin_world(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> AsyncIterator[tuple[World, FakeUser]]:
    ada = discord_edge.user("ada")
    settings = settings_for(tmp_path, sqlite_url, admins_discord=f'["{ada.id}"]')
    async with running(settings, clock, discord_edge) as opened:
        yield opened, ada


async def test_an_admin_runs_a_campaign_from_new_to_export(admin_world: tuple[World, FakeUser]) -> None:
    world, ada = admin_world
    edge = world.edge
    made = await edge.slash("campaign new", NEW, user=ada)
    assert made.text.startswith("📋 Campaign Pets (#") and ": draft" in made.text and made.message.ephemeral
    assert ", level 1," in made.text  # levels counted from 1, as a player's card shows them
    pack = FakeAttachment("my pack.zip", pack_zip(6))
    imported = await edge.slash("campaign upload", {"campaign": "Pets", "pack": pack}, user=ada)
    assert imported.deferred and answer(imported).content.startswith("📦 Imported 6 items (2 checks) into Pets.")
    progress = imported.original  # one message, edited from "importing…" to a full bar
    assert progress is not None and progress.edits[0]["content"] == "⏳ importing…"
    assert progress.content == "✅ importing ▰▰▰▰▰▰▰▰▰▰ 100% (6/6)"
    assert list((world.settings.data_dir / "uploads").iterdir()) == []
    assert ": active" in (await edge.slash("campaign start", {"campaign": "Pets"}, user=ada)).text
    stats = (await edge.slash("campaign stats", {"campaign": "Pets"}, user=ada)).message
    width, height = Image.open(io.BytesIO(stats.attachments["card.png"])).size
    assert width == 800 and height <= 800  # one compact chart, not 14 empty day rows
    assert "Items: 6 (2 checks)" in stats.embeds[0]["description"]
    prioritised = await edge.slash("campaign set", {"campaign": "Pets", "field": "priority", "value": "3"}, user=ada)
    assert ", priority 3\n" in prioritised.text  # its share of serving beside other campaigns
    exported = await edge.slash("campaign export", {"campaign": "Pets", "format": "csv"}, user=ada)
    assert exported.deferred and answer(exported).content.startswith("📤 Pets: 6 items")
    assert exported.original is not None and exported.original.content == "✅ exporting ▰▰▰▰▰▰▰▰▰▰ 100% (6/6)"
    (data,) = answer(exported).attachments.values()
    assert len(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))) == 6
    more = FakeAttachment("more.csv", b"id,text,known_answer\nc1,a csv row,human\nc2,another csv row,bot\n")
    added = await edge.slash("campaign upload", {"campaign": "Pets", "pack": more}, user=ada)
    assert answer(added).content.startswith("📦 Imported 2 items")
    assert ": paused" in (await edge.slash("campaign pause", {"campaign": "Pets"}, user=ada)).text
    assert edge.violations == []


async def test_non_admins_and_bad_uploads_are_refused(admin_world: tuple[World, FakeUser]) -> None:
    world, ada = admin_world
    edge, eve = world.edge, world.edge.user("eve")
    assert (await edge.slash("campaign new", NEW, user=eve)).text.startswith("Only the game's admins")
    await edge.slash("campaign new", NEW, user=ada)
    for action in ("start", "stats", "export"):
        refused = await edge.slash(f"campaign {action}", {"campaign": "Pets"}, user=eve)
        assert answer(refused).content.startswith("Only the game's admins"), action
        assert not refused.deferred and refused.followups == [], action  # no "thinking…", no progress
    pack = FakeAttachment("pack.zip", pack_zip())
    refused = await edge.slash("campaign upload", {"campaign": "Pets", "pack": pack}, user=eve)
    assert answer(refused).content.startswith("Only the game's admins")
    assert not refused.deferred and edge.downloads == []  # refused before the attachment was fetched
    for file, said in [
        (FakeAttachment("notes.txt", b"hello"), texts.PACK_FORMS),
        (FakeAttachment("pack.zip", b"PK not a zip"), "Nothing was imported"),
        (FakeAttachment("big.zip", b"", size=20 * 2**20 + 1), "That file is 20.0 MB; packs sent in chat"),
    ]:
        refused = await edge.slash("campaign upload", {"campaign": "Pets", "pack": file}, user=ada)
        assert answer(refused).content.startswith(said), file.filename
    bad_choices = await edge.slash("campaign new", {**NEW, "name": "Odd", "choices": "yes"}, user=ada)
    assert bad_choices.text.startswith("Write the choices as key=Label pairs")
    assert ": draft" in (await edge.slash("campaign stats", {"campaign": "Pets"}, user=ada)).text
    assert edge.violations == []


async def test_numbers_must_be_ascii_digits_within_bounds(admin_world: tuple[World, FakeUser]) -> None:
    world, ada = admin_world
    edge = world.edge
    await edge.slash("campaign new", NEW, user=ada)
    campaign_rule = f"A campaign number must be a whole number from 1 to {INT32_MAX}."
    points_rule = f"points_per_item must be a whole number from 0 to {INT32_MAX}."
    assert (await edge.slash("campaign start", {"campaign": "99999999999999999999"}, user=ada)).text == campaign_rule
    for value in ("99999999999999999999", "²", "1" * 100):
        changed = {"campaign": "Pets", "field": "points_per_item", "value": value}
        assert (await edge.slash("campaign set", changed, user=ada)).text == points_rule, value
    assert ": draft" in (await edge.slash("campaign stats", {"campaign": "Pets"}, user=ada)).text  # nothing changed
    assert all(r.message is None or r.text != texts.APOLOGY for r in edge.interactions)
    assert edge.violations == []


async def test_a_new_campaign_is_served_beside_the_shipped_one(admin_world: tuple[World, FakeUser]) -> None:
    """Items of the shipped campaign that others half answered do not crowd out a campaign started today."""
    world, ada = admin_world
    edge = world.edge

    async def play(user: FakeUser, tasks: int) -> list[str]:
        """The texts of the next `tasks` text tasks served to `user`, each answered right (until a level-up moves
        them on to picture tasks)."""
        task, served = (await edge.slash("start", user=user)).followups[-1], []
        for _ in range(tasks):
            texts = [line for line in (task.content or "").split("\n") if "text number" in line]
            if not texts:  # promoted: the next task is a picture card
                break
            served.append(texts[0])
            wanted = truth(served[-1])
            await edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=user)
        return served

    await play(edge.user("ann"), 6)
    await edge.slash("campaign new", {**NEW, "name": "News"}, user=ada)
    rows = "".join(f"n{i},fresh text number {i},{['human', 'bot'][i % 2]}\n" for i in range(8))
    news = FakeAttachment("news.csv", f"id,text,known_answer\n{rows}".encode())
    imported = await edge.slash("campaign upload", {"campaign": "News", "pack": news}, user=ada)
    assert answer(imported).content.startswith("📦 Imported 8 items")
    assert ": active" in (await edge.slash("campaign start", {"campaign": "News"}, user=ada)).text
    served = await play(edge.user("ben"), 6)
    assert sum(text.startswith("fresh text") for text in served) >= 2, served
    assert edge.violations == []


async def test_a_player_keeps_one_pseudonym_across_exports(admin_world: tuple[World, FakeUser]) -> None:
    world, ada = admin_world
    edge, ann = world.edge, world.edge.user("ann")
    task = (await edge.slash("start", user=ann)).followups[-1]
    for _ in range(3):
        wanted = truth(next(line for line in (task.content or "").split("\n") if "text number" in line))
        await edge.press(task, next(c for c in task.custom_ids if c.endswith(f":{wanted}")), user=ann)
    seen = []
    for _ in range(2):
        exported = await edge.slash("campaign export", {"campaign": "spot-the-bot", "format": "csv"}, user=ada)
        assert "3 answers from 1 labeler (" in (answer(exported).content or "")  # one, not "1 labelers"
        (data,) = answer(exported).attachments.values()
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
        seen.append({a["worker"] for row in rows for a in json.loads(row["answers"])})
    assert len(seen[0]) == 1 and seen[0] == seen[1]
    assert all(re.fullmatch(r"w[0-9a-f]{12}", worker) for worker in seen[0])  # a pseudonym, not a name or id
    assert edge.violations == []
