"""A restart: a new client over the same database answers a button sent by the old one (on SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from core.clock import FixedClock
from tests.e2e.discord.conftest import running, settings_for, truth
from tests.e2e.discord.test_play import task_of
from tests.fakes.discord_edge import DiscordEdge


async def test_old_button_works_after_restart(
    tmp_path: Path, database_url: str, clock: FixedClock, discord_edge: DiscordEdge
) -> None:
    settings = settings_for(tmp_path, database_url)
    alice = discord_edge.user("alice")
    server = discord_edge.guild("Labelers")
    async with running(settings, clock, discord_edge) as first:
        task = task_of(await first.edge.slash("start", user=alice, guild=server))
        posted = await first.edge.slash("quiz", user=first.edge.world.users[server.owner_id], guild=server)
    quiz = posted.message

    async with running(settings, clock, discord_edge) as second:
        assert second.bot is not first.bot and first.bot.is_closed()
        wanted = next(c for c in task.custom_ids if c.endswith(":" + truth(task.content or "")))
        pressed = await discord_edge.press(task, wanted, user=alice)
        assert "Your answer:" in (task.content or "") and task_of(pressed).custom_ids
        clock.advance(seconds=5)
        answered = await discord_edge.press(quiz, quiz.custom_ids[0], user=alice)
        assert answered.text.startswith("Recorded:")
    assert discord_edge.violations == []
