"""Test-only entry point: one payout tick that SIGKILLs its own process at the named step.

`python -m tests.integration.rewards.crash_at after_store`. SIGKILL, not an exception: nothing may clean up,
exactly as when the machine loses power or the OOM killer strikes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys

from wallet.run import FaultPoint
from wallet.service import once


def killing_at(step: str) -> FaultPoint:
    def point(name: str) -> None:
        if name == step:
            os.kill(os.getpid(), signal.SIGKILL)

    return point


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m tests.integration.rewards.crash_at STEP")
    print(" ".join(asyncio.run(once(killing_at(sys.argv[1])))))
