"""Items set aside and checks looked after, in the chat: "not sure" and "broken item" cost one edit like an answer;
the admin reads both in the campaign's stats with each check's pass rate, retires a check, corrects another and
uploads new ones into the running campaign."""

from __future__ import annotations

from tests.e2e.telegram.conftest import NUMBER, World, right_answer
from tests.e2e.telegram.test_campaign import upload
from tests.fakes.telegram_models import StoredMessage, User

CAMPAIGN = "spot-the-bot"


def number_of(task: StoredMessage) -> int:
    """The item number of the task a message shows now (under the verdict of the press before)."""
    return int(NUMBER.findall(task.text or "")[-1])


async def stats(world: World, admin: User) -> str:
    await world.say(admin, f"/campaign stats {CAMPAIGN}")
    return world.last(admin).caption or ""


async def test_players_set_items_aside_and_the_admin_looks_after_the_checks(admin_world: tuple[World, User]) -> None:
    world, ada = admin_world
    ann = world.api.user("Ann")
    await world.say(ann, "/start", replies=2)
    task = world.last(ann)
    skipped, reported = number_of(task), None
    played = await world.answer(ann, task, "🤷 Not sure")
    assert played.limited_calls == ["editMessageText"] and world.last(ann) is task  # one edit, like an answer
    assert played.record.text.startswith("Skipped. It doesn't count for or against you") and number_of(task) != skipped
    reported = number_of(task)
    played = await world.answer(ann, task, "⚠️ Broken item")
    assert played.limited_calls == ["editMessageText"] and played.record.text.startswith("Thanks, reported")
    assert "the campaign's admins see it" in played.record.text and number_of(task) not in (skipped, reported)
    for _ in range(4):
        await world.answer(ann, task, right_answer(task))

    shown = await stats(world, ada)
    assert "Set aside by players: 1 not sure, 1 reported broken" in shown
    assert f"Most reported: {CAMPAIGN}-{reported} (1)" in shown
    assert "Checks, pass rate (honest players):" in shown
    checks = [line.split()[1] for line in shown.split("\n") if line.startswith("• ")]
    assert len(checks) >= 2 and all(check.startswith(f"{CAMPAIGN}-") for check in checks), shown

    await world.say(ada, f"/campaign gold {CAMPAIGN} retire {checks[0]}")
    assert world.last(ada).text == f"🥇 {CAMPAIGN}: check {checks[0]} retired; 1 player rescored."
    after = await stats(world, ada)
    assert f"• {checks[0]} " not in after and "Items: 39 (19 checks) · open 39" in after, after
    assert "Out of play: 1 item (retired checks" in after
    await world.say(ada, f"/campaign gold {CAMPAIGN} retire {checks[0]}")  # once retired, not again
    assert "retired" not in world.last(ada).text and "🥇" not in world.last(ada).text
    await world.say(ada, f"/campaign gold {CAMPAIGN} answer {checks[1]} bot")
    assert world.last(ada).text == f"🥇 {CAMPAIGN}: check {checks[1]} now expects bot; 1 player rescored."
    assert f"• {checks[1]} (bot): 0% of 1" in await stats(world, ada)

    rows = b"id,text,known_answer,gold\nnew-check,a fresh check,bot,true\n"
    imported = await upload(world, ada, rows, "checks.csv", f"/campaign upload {CAMPAIGN}")
    assert imported.text.startswith(f"📦 Imported 1 item (1 check) into {CAMPAIGN}.")
    assert world.api.errors == []
