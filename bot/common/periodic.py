"""A background loop that runs one step every few seconds and survives the step failing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable


class Periodic:
    """`start()` runs `step()` now and then every `interval()` seconds until `stop()`; a failing step is logged."""

    def __init__(
        self, name: str, step: Callable[[], Awaitable[object]], interval: Callable[[], float], log: logging.Logger
    ) -> None:
        self.name, self.step, self.interval, self.log = name, step, interval, log
        self.task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self.task = asyncio.create_task(self._run(), name=self.name)

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task

    async def _run(self) -> None:
        while True:
            try:
                await self.step()
            except Exception:
                self.log.exception("%s failed; trying again in %s s", self.name, self.interval())
            await asyncio.sleep(self.interval())
