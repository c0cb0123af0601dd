"""How tasks look beyond the first levels on Discord: the card and a button grid, whole comparisons."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from core.clock import FixedClock
from tests.e2e.discord.conftest import running, settings_for
from tests.e2e.display_packs import (
    ANIMALS,
    CATEGORY_LEVEL,
    COMPARISON_LEVEL,
    category_pack,
    comparison_pack,
    long_answer,
    put_on_level,
)
from tests.fakes.discord_edge import DiscordEdge
from tests.fakes.discord_records import SentMessage

CONTENT_LIMIT = 2000


def rows(message: SentMessage) -> list[int]:
    return [len(row["components"]) for row in message.components]


async def test_category_task_is_a_card_with_a_button_grid(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    packs = [category_pack(tmp_path / "animals")]
    async with running(settings_for(tmp_path, sqlite_url), clock, discord_edge, packs) as world:
        ann = discord_edge.user("ann")
        await discord_edge.slash("start", user=ann)
        await put_on_level(world.game, "Ann", CATEGORY_LEVEL)
        task = (await discord_edge.slash("play", user=ann)).message
        assert task.embeds[0]["image"]["url"] == "attachment://card.png"
        assert Image.open(io.BytesIO(task.attachments["card.png"])).width >= 640
        assert rows(task) == [5, 3, 2]  # the answers five a row, then "not sure" and "broken item" on their own
        assert [b["label"] for b in task.buttons][:8] == [name.title() for name in ANIMALS]
        pressed = await discord_edge.press(task, task.custom_ids[0], user=ann)
        assert pressed.response_type == 7 and pressed.original is task and pressed.followups == []
        assert task.embeds[0]["description"].startswith("Your answer: Cat") and rows(task) == [5, 3, 2]
        assert discord_edge.violations == []


async def test_long_comparison_is_shown_whole(
    tmp_path: Path, sqlite_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    async with running(settings_for(tmp_path, sqlite_url), clock, discord_edge, [comparison_pack()]) as world:
        bea = discord_edge.user("bea")
        await discord_edge.slash("start", user=bea)
        await put_on_level(world.game, "Bea", COMPARISON_LEVEL)
        played = await discord_edge.slash("play", user=bea)
        shown = [m for m in (played.original, *played.followups) if m is not None]
        number = int(shown[0].content.split("Prompt number ")[1].split(":")[0])
        everything = " ".join(" ".join(m.content or "" for m in shown).split())  # a long answer may span messages
        assert long_answer("A", number) in everything and long_answer("B", number) in everything
        assert all(len(m.content or "") <= CONTENT_LIMIT for m in shown)
        question = shown[-1]
        assert [b["label"] for b in question.buttons][:2] == ["A", "B"] and all(not m.buttons for m in shown[:-1])
        pressed = await discord_edge.press(question, question.custom_ids[0], user=bea)
        assert pressed.response_type == 7 and question.custom_ids == []
        assert question.content.startswith("Your answer: A")  # the old question keeps the verdict
        following = pressed.followups
        number = int(following[0].content.split("Prompt number ")[1].split(":")[0])
        assert long_answer("B", number) in " ".join(" ".join(m.content or "" for m in following).split())
        assert following[-1].custom_ids and all(len(m.content or "") <= CONTENT_LIMIT for m in following)
        assert discord_edge.violations == []
