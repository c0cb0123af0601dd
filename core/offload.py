"""CPU-heavy work in a separate Python process, so the bots' event loop keeps its interpreter lock.

A thread is not enough for long pure-Python work (building an export's rows, a refit's snapshot): the loop's
thread gives up the lock at every SQLite call and then waits for the busy thread to hand it back, so presses
stall by hundreds of milliseconds while an export runs. `await run_in_process(fn, *args)` runs the module-level
function `fn(*args)` in a child (`python -m core.offload`) and returns its result; `progress` receives what the
child passes to its `report` argument. Cancelling the await kills the child; an exception in the child is raised
here. Arguments and results travel pickled over the child's stdin and stdout, never on its command line.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import pickle
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

T = TypeVar("T")
Report = Callable[[Any], None]
_HEADER = struct.Struct("!Q")  # the length of each pickled frame the child writes
BIG_FRAME = 1 << 16
_ROOT = str(Path(__file__).resolve().parent.parent)  # where the child imports `core` from


class WorkerDied(RuntimeError):
    """The child exited without a result (killed, or out of memory)."""


async def run_in_process(fn: Callable[..., T], *args: Any, progress: Report | None = None) -> T:
    """`fn(*args)`, or `fn(*args, report=...)` when `progress` is given, in a child process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "core.offload", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write(pickle.dumps((fn, args, progress is not None)))
        await proc.stdin.drain()
        proc.stdin.close()
        while True:
            try:
                (size,) = _HEADER.unpack(await proc.stdout.readexactly(_HEADER.size))
                frame = await proc.stdout.readexactly(size)
            except asyncio.IncompleteReadError:
                raise WorkerDied(f"the worker process exited with code {await proc.wait()}") from None
            # A big result (a refit's models of every player) is rebuilt on a thread, so the loop goes on between
            # the constructors it runs; a small frame is quicker to read here.
            kind, value = pickle.loads(frame) if size < BIG_FRAME else await asyncio.to_thread(_loads_big, frame)
            if kind == "progress" and progress is not None:
                progress(value)
            elif kind == "result":
                return value
            elif kind == "error":
                raise value
    finally:
        if proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):  # it exited on its own meanwhile
                proc.kill()  # cancelled or failed: nothing of the child's work may go on
        await proc.wait()


def _loads_big(frame: bytes) -> Any:
    """Unpickle without the cyclic collector: every object a result is rebuilt from is alive, yet the millions
    of them trigger full collections, each holding the interpreter lock (the loop's too) for 0.1-0.3 s."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(frame)
    finally:
        if enabled:
            gc.enable()


NICENESS = 10  # the child's work is background work: on a busy machine the bots' process gets the CPU first


def _child() -> None:
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    # Frames go to the real stdout; anything a library prints lands on stderr instead of corrupting them.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    fn, args, reports = pickle.loads(sys.stdin.buffer.read())

    def report(value: Any) -> None:
        _send(out, "progress", value)

    try:
        result = fn(*args, report=report) if reports else fn(*args)
    except Exception as exc:  # raised again in the parent, which decides what it means
        _send(out, "error", exc if _picklable(exc) else RuntimeError(f"{type(exc).__name__}: {exc}"))
        return
    _send(out, "result", result)


def _picklable(exc: Exception) -> bool:
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return False
    return True


def _send(out: BinaryIO, kind: str, value: Any) -> None:
    frame = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
    out.write(_HEADER.pack(len(frame)) + frame)
    out.flush()


if __name__ == "__main__":
    _child()
