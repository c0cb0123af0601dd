"""A progress message in chat for imports and exports, the same on every platform.

A use case reports `progress(done, total)` as it goes; one chat message is edited to show it. Edits are spaced
out (platforms limit how often a bot may edit a message) and happen on their own task, because an import calls
`progress` inside its database transaction, where nothing may wait on the network.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from bot.common import texts

log = logging.getLogger("chatlabel.progress")

Edit = Callable[[str], Awaitable[object]]
INTERVAL = 2.0  # seconds between edits: well within both platforms' edit limits, still lively enough to read


class ChatProgress:
    """The `progress(done, total)` callback for a use case, and the follower that shows it in one message."""

    def __init__(self, verb: str) -> None:
        self.verb = verb
        self.latest: tuple[int, int] | None = None
        self.failed = False
        self._over = asyncio.Event()
        self.shown = self.text()  # what the message says: the adapter sends it before the work begins

    def __call__(self, done: int, total: int) -> None:
        # Runs inside the import's transaction: record the figures and return, nothing else.
        self.latest = (done, total)

    def text(self) -> str:
        if self.failed:
            return texts.work_stopped(self.verb)
        if self.latest is None:
            return texts.work_started(self.verb)
        return texts.work_progress(self.verb, *self.latest)

    def finish(self, *, ok: bool = True) -> None:
        """The work is over. Success shows a full bar even if the last chunk (or any chunk) went unreported."""
        if ok:
            total = self.latest[1] if self.latest is not None else 0
            self.latest = (total, total)
        else:
            self.failed = True
        self._over.set()

    async def follow(self, edit: Edit, interval: float = INTERVAL) -> None:
        """Edit the message when its text changed, at most every `interval` seconds, and once more at the end."""
        over = False
        while not over:  # one more round after the end, even if the work ended before the follower started
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._over.wait(), interval)
            over, current = self._over.is_set(), self.text()
            if current != self.shown:
                await _edit_quietly(edit, current)
                self.shown = current

    @contextlib.asynccontextmanager
    async def following(self, edit: Edit, interval: float = INTERVAL) -> AsyncIterator[ChatProgress]:
        """Follow while the block runs; the last edit is made before the block's result or error is shown."""
        follower = asyncio.create_task(self.follow(edit, interval))
        try:
            yield self
        except Exception:
            self.finish(ok=False)
            await follower
            raise
        except BaseException:
            follower.cancel()  # cancelled (shutting down): no more messages
            raise
        self.finish()
        await follower


async def _edit_quietly(edit: Edit, text: str) -> None:
    """A progress message is a courtesy: if it is gone or can't be edited, the work and its answer go on."""
    try:
        await edit(text)
    except Exception as exc:  # each platform raises its own errors; none of them should stop an import
        log.info("progress message not updated: %s", exc)
