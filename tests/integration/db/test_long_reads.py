"""SQLite: a long read (a refit's snapshot) runs off the event loop's thread and holds no lock a writer waits for; a
use case that finds the file busy waits for the other writer, then runs."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import open_game
from core.db.tables import Account
from tests.support import make_settings, text_pack, user


async def test_a_long_read_leaves_the_loop_serving_and_the_writers_writing(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, f"sqlite+aiosqlite:///{tmp_path / 'chatlabel.db'}")
    async with open_game(settings, packs=[text_pack()]) as game:
        await game.start(user(1))
        started, wrote = threading.Event(), threading.Event()

        def long_read(session: Session) -> tuple[int, int, int]:
            before = session.scalar(select(func.count()).select_from(Account))
            started.set()
            # Still inside the read: a player joins meanwhile, on the loop, and commits.
            assert wrote.wait(10), "a writer waited for the read to finish"
            after = session.scalar(select(func.count()).select_from(Account))
            return threading.get_ident(), int(before or 0), int(after or 0)

        reading = asyncio.create_task(game.deps.db.run(long_read, read_only=True))
        await asyncio.to_thread(started.wait, 10)
        await game.start(user(2))  # would wait for the read (or stall inside it) if it held the loop or the lock
        wrote.set()
        thread, before, after = await reading
        assert thread != threading.get_ident()
        assert before == after == 1  # one snapshot throughout: the read does not see the join half-way


async def test_a_use_case_waits_for_a_busy_file_and_then_runs(tmp_path: Path) -> None:
    path = tmp_path / "chatlabel.db"
    async with open_game(make_settings(tmp_path, f"sqlite+aiosqlite:///{path}"), packs=[text_pack()]) as game:
        await game.start(user(1))
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the file: the use case's BEGIN fails at once
        asyncio.get_running_loop().call_later(0.2, other.commit)
        try:
            welcome = await game.start(user(2))  # retried after yielding to the loop, until the writer is done
        finally:
            other.close()
        assert welcome.account_id != (await game.start(user(1))).account_id


async def test_answers_wait_for_a_busy_file_and_the_next_ones_run_at_once(tmp_path: Path) -> None:
    # Answers share one connection on the loop's thread: a BEGIN refused by a busy file must leave it idle.
    path = tmp_path / "chatlabel.db"
    async with open_game(make_settings(tmp_path, f"sqlite+aiosqlite:///{path}"), packs=[text_pack()]) as game:
        prompt = (await game.start(user(1))).prompt
        assert prompt is not None
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        asyncio.get_running_loop().call_later(0.2, other.commit)
        try:
            outcome = await game.answer(user(1), prompt.task_id, prompt.choices[0].key)
        finally:
            other.close()
        assert outcome.next_prompt is not None
        again = await game.answer(user(1), outcome.next_prompt.task_id, outcome.next_prompt.choices[0].key)
        assert again.task_id == outcome.next_prompt.task_id and not again.repeated
        assert (await game.profile(user(1))).answers == 2
