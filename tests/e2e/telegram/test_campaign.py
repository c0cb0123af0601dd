"""Campaign commands in Telegram: an admin creates, uploads, starts, reads the stats and exports; others are refused."""

from __future__ import annotations

import csv
import io
import json
import re

from bot.common import texts
from core.whole_numbers import INT32_MAX
from tests.e2e.rewards_support import pack_zip
from tests.e2e.telegram.conftest import World, right_answer
from tests.fakes.telegram_models import StoredMessage, User

NEW = '/campaign new Pets bot_or_not "Human or bot?" human=Human,bot=Bot'
PROGRESS_MARKS = ("⏳", "✅", "✖")  # how an import's or export's progress message begins, whatever its state


async def upload(world: World, user: User, data: bytes, name: str, caption: str) -> StoredMessage:
    """The bot's answer to an upload: its last message, once that is not the progress message shown before it."""
    before = len(world.api.bot_messages(user))
    world.api.upload_document(user, data, name, caption=caption)

    def answered() -> bool:
        return len(world.api.bot_messages(user)) > before and not (world.last(user).text or "").startswith(
            PROGRESS_MARKS
        )

    await world.api.wait_until(answered)
    return world.last(user)


async def test_an_admin_runs_a_campaign_from_new_to_export(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    api = world.api
    await world.say(ada, NEW)
    assert world.last(ada).text.startswith("📋 Campaign Pets (#") and ": draft" in world.last(ada).text
    assert ", level 1," in world.last(ada).text  # levels counted from 1, as a player's card shows them
    imported = await upload(world, ada, pack_zip(6), "my pack.zip", "/campaign upload Pets")
    assert imported.text.startswith("📦 Imported 6 items (2 checks) into Pets.")
    progress = api.bot_messages(ada)[-2]  # one message, edited from "importing…" to a full bar
    assert progress.edits[0]["text"] == "⏳ importing…"
    assert progress.text == "✅ importing ▰▰▰▰▰▰▰▰▰▰ 100% (6/6)"
    assert list((world.settings.data_dir / "uploads").iterdir()) == []  # the upload itself is not kept
    await world.say(ada, "/campaign start Pets")
    assert ": active" in world.last(ada).text
    await world.say(ada, "/campaign stats Pets")
    stats = world.last(ada)
    assert stats.photo and stats.caption.startswith("📊 Pets (#") and "Items: 6 (2 checks)" in stats.caption
    assert stats.photo[-1]["width"] == 800 and stats.photo[-1]["height"] <= 800  # compact: no 14 empty day rows
    await world.say(ada, "/campaign set Pets min_overlap 2")
    assert "overlap 2-" in world.last(ada).text
    await world.say(ada, "/campaign set Pets priority 3")  # its share of serving beside other campaigns
    assert ", priority 3\n" in world.last(ada).text
    await world.say(ada, "/campaign export Pets csv", replies=2)  # the progress message, then the file
    assert api.bot_messages(ada)[-2].text == "✅ exporting ▰▰▰▰▰▰▰▰▰▰ 100% (6/6)"
    sent = world.last(ada)
    assert sent.document is not None and sent.caption.startswith("📤 Pets: 6 items")
    rows = list(csv.DictReader(io.StringIO(api.state.file(sent.document["file_id"]).data.decode("utf-8-sig"))))
    assert len(rows) == 6
    more = b"id,text,known_answer\nc1,a csv row,human\nc2,another csv row,bot\n"
    assert (await upload(world, ada, more, "more.csv", "/campaign upload Pets")).text.startswith("📦 Imported 2 items")
    await world.say(ada, "/campaign pause Pets")
    assert ": paused" in world.last(ada).text
    assert api.errors == []


async def test_non_admins_and_bad_uploads_are_refused(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    api, eve = world.api, world.api.user("Eve")
    await world.say(eve, NEW)
    assert world.last(eve).text.startswith("Only the game's admins")
    await world.say(ada, NEW)
    for command in ("/campaign start Pets", "/campaign stats Pets", "/campaign export Pets csv"):
        await world.say(eve, command)
        assert world.last(eve).text.startswith("Only the game's admins"), command
    refused = await upload(world, eve, pack_zip(), "pack.zip", "/campaign upload Pets")
    assert refused.text.startswith("Only the game's admins")
    # Refused before anything happened: no download, no progress message, no "typing…".
    assert api.calls("getFile") == [] and api.calls("sendChatAction") == []
    assert not any(text.startswith(PROGRESS_MARKS) for text in world.texts(eve))
    assert (await upload(world, ada, b"hello", "notes.txt", "/campaign upload Pets")).text == texts.PACK_FORMS
    broken = await upload(world, ada, b"PK not a zip", "pack.zip", "/campaign upload Pets")
    assert broken.text.startswith("Nothing was imported")
    huge = await upload(world, ada, b"\0" * (20 * 2**20 + 1), "big.zip", "/campaign upload Pets")
    assert huge.text.startswith("That file is 20.0 MB; packs sent in chat may be at most 20 MB")
    assert len(api.calls("getFile")) == 1  # only the broken zip: Eve's, the .txt and the big one were refused first
    for command, said in [("/campaign new Pets", "Campaign commands"), ("/campaign export Pets xls", "Choose")]:
        await world.say(ada, command)
        assert world.last(ada).text.startswith(said), command
    await world.say(ada, "/campaign stats Pets")
    assert ": draft" in world.last(ada).caption  # nothing Eve sent changed it
    assert api.errors == []


async def test_campaign_is_only_in_admins_command_menus(admin_world: tuple[World, User]) -> None:
    """Members' menus leave out what they cannot run; admins' menus have it (Telegram's command scopes)."""
    world, admin = admin_world
    menus = {json.loads(key)[0]["type"]: [c["command"] for c in value] for key, value in world.api.commands.items()}
    chats = {
        json.loads(key)[0].get("chat_id"): [c["command"] for c in value] for key, value in world.api.commands.items()
    }
    assert "campaign" not in menus["all_private_chats"] and "play" in menus["all_private_chats"]
    assert "quiz" not in menus["all_group_chats"] and "top" in menus["all_group_chats"]
    assert {"quiz", "campaign"} <= set(menus["all_chat_administrators"])
    assert "campaign" in chats[admin.id] and "play" in chats[admin.id]


async def test_numbers_must_be_ascii_digits_within_bounds(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    await world.say(ada, "/start", replies=2)
    await world.say(ada, NEW)
    rules = {
        "/why ²": f"A task number must be a whole number from 1 to {INT32_MAX}.",
        "/why 99999999999999999999": f"A task number must be a whole number from 1 to {INT32_MAX}.",
        "/claim ²": f"The points to claim must be a whole number from 1 to {INT32_MAX}.",
        "/claim 99999999999999999999": f"The points to claim must be a whole number from 1 to {INT32_MAX}.",
        "/campaign start 99999999999999999999": f"A campaign number must be a whole number from 1 to {INT32_MAX}.",
        "/campaign set Pets points_per_item 99999999999999999999": (
            f"points_per_item must be a whole number from 0 to {INT32_MAX}."
        ),
        "/campaign set Pets points_per_item ²": f"points_per_item must be a whole number from 0 to {INT32_MAX}.",
        "/campaign set Pets min_overlap " + "9" * 4000: "min_overlap must be a whole number from 1 to 100.",
    }
    for said, rule in rules.items():
        await world.say(ada, said)
        assert world.last(ada).text == rule, said
    await world.say(ada, "/campaign stats Pets")
    assert "draft" in (world.last(ada).caption or world.last(ada).text)  # nothing was changed or started
    assert texts.APOLOGY not in world.texts(ada)
    assert world.api.errors == []


async def test_a_new_campaign_is_served_beside_the_shipped_one(admin_world: tuple[World, User]) -> None:
    """Items of the shipped campaign that others half answered do not crowd out a campaign started today."""
    world, ada = admin_world
    ann, ben = world.api.user("Ann"), world.api.user("Ben")
    await world.say(ann, "/start", replies=2)
    for _ in range(6):
        if "text number" not in (world.last(ann).text or ""):  # promoted after five right checks: pictures next
            break
        await world.answer(ann, world.last(ann), right_answer(world.last(ann)))
    await world.say(ada, NEW.replace("Pets", "News"))
    rows = "".join(f"n{i},fresh text number {i},{['human', 'bot'][i % 2]}\n" for i in range(8))
    imported = await upload(world, ada, f"id,text,known_answer\n{rows}".encode(), "news.csv", "/campaign upload News")
    assert imported.text.startswith("📦 Imported 8 items")
    await world.say(ada, "/campaign start News")
    await world.say(ben, "/start", replies=2)
    served = []
    for _ in range(6):
        task = world.last(ben)
        if "text number" not in (task.text or ""):
            break
        served.append(next(line for line in task.text.split("\n") if "text number" in line))  # under the verdict
        await world.answer(ben, task, right_answer(task))
    assert sum(text.startswith("fresh text") for text in served) >= 2, served
    assert world.api.errors == []


async def test_a_player_keeps_one_pseudonym_across_exports(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    ann = world.api.user("Ann")
    await world.say(ann, "/start", replies=2)
    for _ in range(3):
        await world.answer(ann, world.last(ann), right_answer(world.last(ann)))
    seen = []
    for _ in range(2):
        await world.say(ada, "/campaign export spot-the-bot csv", replies=2)
        assert "3 answers from 1 labeler (" in world.last(ada).caption  # one, not "1 labelers"
        data = world.api.state.file(world.last(ada).document["file_id"]).data.decode("utf-8-sig")
        seen.append({a["worker"] for row in csv.DictReader(io.StringIO(data)) for a in json.loads(row["answers"])})
    assert len(seen[0]) == 1 and seen[0] == seen[1]
    assert all(re.fullmatch(r"w[0-9a-f]{12}", worker) for worker in seen[0])  # a pseudonym, not a name or id
    assert world.api.errors == []
