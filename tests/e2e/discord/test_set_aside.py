"""Items set aside and checks looked after on Discord, as on Telegram: "not sure" and "broken item" update the
pressed message like an answer; the admin reads both in the campaign's stats with each check's pass rate, retires
a check, corrects another and uploads new ones into the running campaign."""

from __future__ import annotations

import re

from tests.e2e.discord.conftest import World, truth
from tests.e2e.discord.test_campaign import admin_world, answer  # noqa: F401  (fixture)
from tests.fakes.discord_payloads import FakeAttachment, FakeUser
from tests.fakes.discord_records import SentMessage

CAMPAIGN = "spot-the-bot"


def number_of(task: SentMessage) -> int:
    """The item number of the task a message shows now (under the verdict of the press before)."""
    return int(re.findall(r"number (\d+)", task.content or "")[-1])


def button(task: SentMessage, choice: str) -> str:
    return next(c for c in task.custom_ids if c.endswith(f":{choice}"))


async def test_players_set_items_aside_and_the_admin_looks_after_the_checks(
    admin_world: tuple[World, FakeUser],  # noqa: F811
) -> None:
    world, ada = admin_world
    edge, ann = world.edge, world.edge.user("ann")

    async def stats() -> str:
        shown = await edge.slash("campaign stats", {"campaign": CAMPAIGN}, user=ada)
        assert shown.message is not None and shown.message.embeds
        return str(shown.message.embeds[0]["description"])

    task = (await edge.slash("start", user=ann)).followups[-1]
    skipped, calls = number_of(task), len(edge.calls)
    pressed = await edge.press(task, button(task, ".skip"), user=ann)
    assert pressed.response_type == 7 and pressed.original is task and len(edge.calls) == calls  # like an answer
    assert (task.content or "").startswith("Skipped. It doesn't count for or against you")
    reported = number_of(task)
    assert reported != skipped
    pressed = await edge.press(task, button(task, ".report"), user=ann)
    assert pressed.response_type == 7 and (task.content or "").startswith("Thanks, reported")
    assert number_of(task) not in (skipped, reported)
    for _ in range(4):
        wanted = truth(next(line for line in (task.content or "").split("\n") if "text number" in line))
        await edge.press(task, button(task, wanted), user=ann)

    shown = await stats()
    assert "Set aside by players: 1 not sure, 1 reported broken" in shown
    assert f"Most reported: {CAMPAIGN}-{reported} (1)" in shown
    assert "Checks, pass rate (honest players):" in shown
    checks = [line.split()[1] for line in shown.split("\n") if line.startswith("• ")]
    assert len(checks) >= 2 and all(check.startswith(f"{CAMPAIGN}-") for check in checks), shown

    retired = await edge.slash("campaign gold", {"campaign": CAMPAIGN, "item": checks[0]}, user=ada)
    assert retired.text == f"🥇 {CAMPAIGN}: check {checks[0]} retired; 1 player rescored."
    after = await stats()
    assert f"• {checks[0]} " not in after and "Items: 39 (19 checks) · open 39" in after, after
    assert "Out of play: 1 item (retired checks" in after
    again = await edge.slash("campaign gold", {"campaign": CAMPAIGN, "item": checks[0]}, user=ada)
    assert "🥇" not in again.text and "retired" not in again.text  # once retired, not again
    corrected = await edge.slash("campaign gold", {"campaign": CAMPAIGN, "item": checks[1], "answer": "bot"}, user=ada)
    assert corrected.text == f"🥇 {CAMPAIGN}: check {checks[1]} now expects bot; 1 player rescored."
    assert f"• {checks[1]} (bot): 0% of 1" in await stats()

    rows = FakeAttachment("checks.csv", b"id,text,known_answer,gold\nnew-check,a fresh check,bot,true\n")
    imported = await edge.slash("campaign upload", {"campaign": CAMPAIGN, "pack": rows}, user=ada)
    assert (answer(imported).content or "").startswith(f"📦 Imported 1 item (1 check) into {CAMPAIGN}.")
    assert edge.violations == []
