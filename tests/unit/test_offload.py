"""Work run in a child process: its result, progress and errors come back; cancelling kills the child."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from core.offload import Report, WorkerDied, run_in_process


def counting(n: int, report: Report) -> str:
    for i in range(1, n + 1):
        report(i)
    return f"counted {n}"


def failing(message: str) -> None:
    raise ValueError(message)


class Unpicklable(Exception):
    def __init__(self, code: int, detail: str) -> None:  # two arguments: pickling rebuilds it with one
        super().__init__(f"{code}: {detail}")


def failing_oddly() -> None:
    raise Unpicklable(7, "odd")


def dying() -> None:
    os._exit(3)


def sleeping(pid_file: Path) -> None:
    pid_file.write_text(str(os.getpid()))
    time.sleep(60)


async def test_the_work_runs_in_another_process_and_reports_progress() -> None:
    assert await run_in_process(os.getpid) != os.getpid()
    seen: list[int] = []
    assert await run_in_process(counting, 3, progress=seen.append) == "counted 3"
    assert seen == [1, 2, 3]


async def test_errors_in_the_child_are_raised_here() -> None:
    with pytest.raises(ValueError, match="no such campaign"):
        await run_in_process(failing, "no such campaign")
    with pytest.raises(RuntimeError, match="Unpicklable: 7: odd"):
        await run_in_process(failing_oddly)
    with pytest.raises(WorkerDied, match="code 3"):
        await run_in_process(dying)


async def test_cancelling_kills_the_child(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    work = asyncio.create_task(run_in_process(sleeping, pid_file))
    while not pid_file.exists() or not pid_file.read_text():
        await asyncio.sleep(0.01)
    work.cancel()
    with pytest.raises(asyncio.CancelledError):
        await work
    with pytest.raises(ProcessLookupError):  # killed and reaped, not left sleeping
        os.kill(int(pid_file.read_text()), 0)
